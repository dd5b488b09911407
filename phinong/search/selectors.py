"""What one query in the search box finds for one user: areas, leaders and lessons learned.

`search_for` serves both the /search/ page and `manage.py search`, so the command prints exactly
what the page shows. Everything is scoped through accounts.scoping: an area, a leader or a lesson
outside the user's area is never found.

- Areas: provinces, districts and tambons by Thai or English name, with or without จ./อ./ต.
  (or จังหวัด/อำเภอ/ตำบล, which also pick the level), or by DOPA code.
- Leaders (register.Member): by name, tolerating small typos (rapidfuzz over the leaders in scope);
  by national ID only for roles that may see personal data, and only on an exact match.
- Lessons learned: the full-text index (search.index), one hit per matching heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from rapidfuzz import fuzz, process

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import Scope, scope_of
from phinong.geo.models import District, Province, Tambon
from phinong.lib.thai import clean_text, digits_only, strip_area_prefix
from phinong.register.models import Member
from phinong.search import index
from phinong.search.segment import normalise

if TYPE_CHECKING:
    from phinong.accounts.models import User

LESSON = "lesson"
MAX_QUERY = 200
AREA_LIMIT = 20
LEADER_LIMIT = 20
LESSON_LIMIT = 200
LESSON_PAGE = 20  # lesson hits per page of /search/: only those are highlighted
NAME_CUTOFF = 75  # rapidfuzz ratio: one wrong letter in a four-letter Thai name still passes

_LEVEL_PREFIXES = (
    ("จังหวัด", "province"),
    ("อำเภอ", "district"),
    ("ตำบล", "tambon"),
    ("จ.", "province"),
    ("อ.", "district"),
    ("ต.", "tambon"),
)
_NAME_TITLES = re.compile(r"^(นางสาว|นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.)\s*")


@dataclass(frozen=True)
class Hit:
    kind: str  # "lesson" | "leader" | "area"
    tambon: str  # the area code the hit belongs to
    heading: str  # a lesson's Thai heading; "" for the others
    title: str
    url: str
    # HTML: escaped text, matched words of a lesson in <mark>. A lesson's is made when first read
    # (index.IndexHit.snippet), so a page highlights only the hits it shows.
    source: str | index.IndexHit = field(repr=False, compare=False)

    @property
    def snippet(self) -> str:
        return self.source if isinstance(self.source, str) else self.source.snippet

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "tambon": self.tambon,
            "heading": self.heading,
            "title": self.title,
            "snippet": self.snippet,
            "url": self.url,
        }


@dataclass
class Results:
    query: str
    areas: list[Hit] = field(default_factory=list)
    leaders: list[Hit] = field(default_factory=list)
    lessons: list[Hit] = field(default_factory=list)

    @property
    def hits(self) -> list[Hit]:
        """Every hit, grouped by kind as the page shows them, best first within each kind."""
        return [*self.areas, *self.leaders, *self.lessons]


def lesson_headings() -> list[str]:
    try:
        from phinong.lessons.headings import HEADINGS
    except ImportError:  # pragma: no cover - the lessons app is optional for the index
        return []
    return [h.thai for h in HEADINGS]


def area_url(code: str) -> str:
    for name in ("dashboards:area", "geo:area"):
        try:
            return reverse(name, args=(code,))
        except NoReverseMatch:
            continue
    return f"/areas/{code}/"


def search_for(
    *,
    actor: User,
    query: str,
    programme_id: int | None = None,
    area_code: str = "",
    heading: str = "",
) -> Results:
    query = clean_text(query)[:MAX_QUERY]
    results = Results(query=query)
    scope = scope_of(actor)
    if not query or scope.code is None:
        return results
    results.areas = _areas(scope, query)
    results.leaders = _leaders(actor, scope, query)
    results.lessons = _lessons(
        scope, query, programme_id=programme_id, area_code=area_code, heading=heading
    )
    return results


# --- areas -------------------------------------------------------------------------------------


def _area_terms(query: str) -> tuple[str, str | None]:
    """('กุดป่อง', 'tambon') for 'ต.กุดป่อง'; a second place in the query ('อ.เมือง ...') is ignored."""
    level = None
    text = query
    for prefix, name in _LEVEL_PREFIXES:
        if text.startswith(prefix):
            level = name
            break
    text = strip_area_prefix(text)
    text = re.split(r"\s+(?:จังหวัด|อำเภอ|ตำบล|จ\.|อ\.|ต\.)", text)[0].strip()
    return text, level


def _areas(scope: Scope, query: str) -> list[Hit]:
    digits = digits_only(query)
    if digits.isdigit() and digits == query.replace(" ", "") and len(digits) in (2, 4, 6):
        name_q = Q(code=digits)
        text, level = digits, None
    else:
        text, level = _area_terms(query)
        if len(text) < 2:
            return []
        name_q = Q(name_th__icontains=text) | Q(name_en__icontains=text)
    lowered = normalise(text)
    hits: list[tuple[int, int, Hit]] = []
    levels: list[tuple[str, QuerySet[Any]]] = [
        ("province", Province.objects.all()),
        ("district", District.objects.select_related("province")),
        ("tambon", Tambon.objects.select_related("district__province")),
    ]
    for order, (name, queryset) in enumerate(levels):
        if level and level != name:
            continue
        for area in queryset.filter(scope.q("code")).filter(name_q)[: AREA_LIMIT * 2]:
            exact = 0 if lowered in (area.name_th.lower(), area.name_en.lower(), area.code) else 1
            hits.append((exact, order, _area_hit(name, area)))
    hits.sort(key=lambda h: (h[0], h[1], h[2].tambon))
    return [hit for *_rest, hit in hits[:AREA_LIMIT]]


def _area_hit(level: str, area: Any) -> Hit:
    if level == "province":
        title, context = f"จ.{area.name_th}", area.name_en
    elif level == "district":
        title = f"อ.{area.name_th} จ.{area.province.name_th}"
        context = area.name_en
    else:
        district = area.district
        title = f"ต.{area.name_th} อ.{district.name_th} จ.{district.province.name_th}"
        context = area.name_en
    return Hit(
        kind="area",
        tambon=area.code,
        heading="",
        title=title,
        url=area_url(area.code),
        source=html.escape(f"{context} · {area.code}"),
    )


# --- leaders -----------------------------------------------------------------------------------


def _member_scope(scope: Scope) -> Q:
    return scope.q("tambon__code") | scope.q("pair__younger__code")


def _leaders(actor: User, scope: Scope, query: str) -> list[Hit]:
    members = Member.objects.filter(_member_scope(scope))
    digits = digits_only(query)
    if digits.isdigit() and len(digits) >= 6:
        # A number is an ID or a code, never a name. IDs: exact, and only for those who may see them.
        if len(digits) != 13 or not can(actor, Action.SEE_PERSONAL_DATA):
            return []
        found = members.filter(national_id=digits).select_related("programme", "tambon")
        return [_leader_hit(m) for m in found[:LEADER_LIMIT]]
    name = normalise(_NAME_TITLES.sub("", query))
    if len(name) < 2 or any(ch.isdigit() for ch in name):
        return []
    rows = list(members.order_by().values_list("pk", "first_name", "last_name"))
    firsts = [r[1].strip().lower() for r in rows]
    lasts = [r[2].strip().lower() for r in rows]
    fulls = [f"{f} {s}" for f, s in zip(firsts, lasts, strict=True)]
    cutoff = NAME_CUTOFF if len(name) >= 4 else 100
    best: dict[int, float] = {}
    for choices in (fulls, firsts, lasts):
        for _choice, score, i in process.extract(
            name, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            best[i] = max(best.get(i, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], fulls[kv[0]], rows[kv[0]][0]))
    ids = [rows[i][0] for i, _score in ranked[:LEADER_LIMIT]]
    found_by_id = {
        m.pk: m
        for m in Member.objects.filter(pk__in=ids).select_related("programme", "tambon__district")
    }
    return [_leader_hit(found_by_id[pk]) for pk in ids if pk in found_by_id]


def _leader_hit(member: Member) -> Hit:
    tambon = member.tambon
    return Hit(
        kind="leader",
        tambon=member.tambon_id,
        heading="",
        title=str(member),
        url=reverse("register:member", args=(member.pk,)),
        source=html.escape(
            f"{member.get_role_display()} · ต.{tambon.name_th} · {member.programme.name}"
        ),
    )


# --- lessons -----------------------------------------------------------------------------------


def _lessons(
    scope: Scope, query: str, *, programme_id: int | None, area_code: str, heading: str
) -> list[Hit]:
    found = index.search_entries(
        query,
        kind=LESSON,
        scope_code=scope.code,
        programme_id=programme_id,
        area_prefix=area_code,
        heading=heading,
        limit=LESSON_LIMIT,
    )
    return [
        Hit(
            kind=LESSON,
            tambon=hit.area_code,
            heading=hit.heading,
            title=hit.title,
            url=hit.url,
            source=hit,
        )
        for hit in found
    ]
