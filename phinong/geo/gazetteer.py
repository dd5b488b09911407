"""Areas named as people write them in sheets: a DOPA code, or a Thai name inside its parent.

Tambon names repeat across Thailand (there are dozens of ตำบลเมือง), so a name is looked up inside
its district, or its province, and an answer that is not unique is no answer. The whole geography is
read in three queries, so a sheet of 30,000 rows resolves without touching the database again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from phinong.geo.models import District, Province, Tambon
from phinong.lib.thai import clean_text, strip_area_prefix, to_arabic_digits


class Ambiguous(LookupError):
    """The name fits more than one area here."""


_AMBIGUOUS = "ambiguous"  # remembered in place of a code (codes are digits)


@dataclass
class Gazetteer:
    names: dict[str, str] = field(default_factory=dict)  # code -> Thai name
    # (parent code, Thai name) -> codes: a province's parent is "", a district's its province, a
    # tambon's both its district and its province.
    _in: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    _anywhere: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Sheets name the same areas row after row: remember each answer (or that it was ambiguous).
    _memo: dict[tuple[str, int, str], str | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Gazetteer:
        gazetteer = cls()
        rows = [
            *((code, name, "") for code, name in Province.objects.values_list("code", "name_th")),
            *District.objects.values_list("code", "name_th", "province_id"),
            *Tambon.objects.values_list("code", "name_th", "district_id"),
        ]
        for code, name, parent in rows:
            gazetteer.names[code] = name
            gazetteer._in[(parent, name)].append(code)
            gazetteer._anywhere[name].append(code)
            if len(code) == 6:
                gazetteer._in[(code[:2], name)].append(code)
        return gazetteer

    def resolve(self, text: str, *, level: int, within: str = "") -> str | None:
        """The code of the area of `level` code digits (2, 4 or 6) that `text` names.

        `within` is the code of a province or district to look inside. Returns None when nothing
        matches; raises Ambiguous when several areas there have that name.
        """
        key = (text, level, within)
        if key not in self._memo:
            try:
                self._memo[key] = self._resolve(text, level=level, within=within)
            except Ambiguous:
                self._memo[key] = _AMBIGUOUS
        answer = self._memo[key]
        if answer == _AMBIGUOUS:
            raise Ambiguous(text)
        return answer

    def _resolve(self, text: str, *, level: int, within: str) -> str | None:
        value = to_arabic_digits(clean_text(text))
        if value.isdigit():
            found = len(value) == level and value in self.names and value.startswith(within)
            return value if found else None
        name = strip_area_prefix(value)
        if level == 2:
            candidates = self._in.get(("", name), [])
        elif within:
            candidates = self._in.get((within, name), [])
        else:
            candidates = self._anywhere.get(name, [])
        codes = [code for code in candidates if len(code) == level and code.startswith(within)]
        if len(codes) > 1:
            raise Ambiguous(name)
        return codes[0] if codes else None

    def resolve_near(self, text: str, *, near: str) -> str | None:
        """A tambon named in the district of tambon `near`, or failing that in its province.

        How an elder tambon is written: usually a neighbour, sometimes another district's. A DOPA
        code is found anywhere.
        """
        if to_arabic_digits(clean_text(text)).isdigit():
            return self.resolve(text, level=6)
        return self.resolve(text, level=6, within=near[:4]) or self.resolve(
            text, level=6, within=near[:2]
        )

    def name_for(self, code: str, *, within: str = "", near: str = "") -> str:
        """The name that resolves back to `code` (inside `within`, or near the tambon `near`),
        or the code itself when the name would not."""
        name = self.names.get(code, code)
        try:
            found = (
                self.resolve_near(name, near=near)
                if near
                else self.resolve(name, level=len(code), within=within)
            )
        except Ambiguous:
            return code
        return name if found == code else code
