"""Certificates as PDF: one HTML document (one page per certificate) laid out by WeasyPrint.

The certificate is a Thai official document, so its words are Thai in the template itself
(templates/workshops/certificate.html), whatever language the user reads the site in; numbers and
dates use Thai digits and the Buddhist Era.

Nothing is fetched from the network: the only resources are the Sarabun .ttf files of the
`fontpkg-sarabun` package, named relative to `base_url` (the package's font folder) and read by a
URL fetcher that refuses every scheme but file: and data:, and file: outside that folder.

Speed: a batch is ONE document whose pages break after each certificate, so WeasyPrint parses,
styles and lays out once. Fonts and the parsed stylesheet are kept per thread (Pango and
Fontconfig objects are not shared between threads) and reused by every render.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fontpkg_sarabun
from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from phinong.lib.dates import MONTHS_TH, be_year
from phinong.lib.thai import to_thai_digits
from phinong.workshops.certificate_settings import Signature, emblem_data_uris, signatures_for

if TYPE_CHECKING:
    from phinong.workshops.models import Certificate

FONT_DIR = (Path(fontpkg_sarabun.ROOT) / "files").resolve()
TEMPLATE = "workshops/certificate.html"


def official_date(day: dt.date) -> str:
    """'๓๑ สิงหาคม พ.ศ. ๒๕๖๔': the date as a Thai official document writes it."""
    return to_thai_digits(f"{day.day} {MONTHS_TH[day.month - 1]} พ.ศ. {be_year(day)}")


@dataclass(frozen=True)
class Page:
    """What one certificate prints: every text already in its printed form (Thai digits)."""

    number: str
    name: str
    tambon: str
    district: str
    province: str
    workshop: str
    programme: str
    date: str
    verify_url: str
    signatory_name: str = ""  # "" when nobody is set for the programme and the leader's area
    signatory_position: str = ""
    emblem: int | None = None  # the programme whose emblem is printed at the top, if any
    long_name: bool = False  # printed smaller, so that it still fits on one line


LONG_NAME = 38  # characters (marks included) that fit on one line at the full size


def page_of(
    certificate: Certificate,
    *,
    base_url_for_verify: str,
    signature: Signature | None = None,
    emblem: int | None = None,
) -> Page:
    """Needs the certificate's workshop__programme and member__tambon__district__province."""
    tambon = certificate.member.tambon
    return Page(
        number=to_thai_digits(certificate.number),
        name=certificate.full_name,
        tambon=tambon.name_th,
        district=tambon.district.name_th,
        province=tambon.district.province.name_th,
        workshop=to_thai_digits(certificate.workshop.title),
        programme=to_thai_digits(certificate.workshop.programme.name),
        date=official_date(certificate.issued_on),
        verify_url=verify_url(certificate.code, base_url_for_verify=base_url_for_verify),
        signatory_name=to_thai_digits(signature.name) if signature else "",
        signatory_position=to_thai_digits(signature.position) if signature else "",
        emblem=emblem,
        long_name=len(certificate.full_name) > LONG_NAME,
    )


def verify_url(code: str, *, base_url_for_verify: str) -> str:
    """'https://site/verify/' + code: the address printed for anyone checking the certificate."""
    return base_url_for_verify.rstrip("/") + "/" + code


class LocalOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read data: URLs and files inside the font folder, and nothing else."""

    def __init__(self, roots: Sequence[Path] = (FONT_DIR,)) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self._roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "file":
            path = Path(self._url2pathname(url.split("?", 1)[0].removeprefix("file:"))).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"refused to read {url}: outside the font folder")
        elif scheme != "data":
            raise ValueError(f"refused to fetch {url}: only file: and data: are read")
        return super().fetch(url, headers)

    @staticmethod
    def _url2pathname(path: str) -> str:
        from urllib.request import url2pathname

        return url2pathname(path)


_local = threading.local()


def _font_config() -> FontConfiguration:
    """One FontConfiguration per thread, made once: Sarabun is loaded into it at the first render."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def render_html(certificates: Sequence[Certificate], *, base_url_for_verify: str) -> str:
    """The document: each programme's emblem is written once, in the stylesheet, however many
    pages print it; the signatories of the whole batch are read in one query."""
    programme_ids = {c.workshop.programme_id for c in certificates}
    signatures = signatures_for(programme_ids, {c.member.tambon_id for c in certificates})
    emblems = emblem_data_uris(programme_ids)
    pages = [
        page_of(
            c,
            base_url_for_verify=base_url_for_verify,
            signature=signatures.get((c.workshop.programme_id, c.member.tambon_id)),
            emblem=c.workshop.programme_id if c.workshop.programme_id in emblems else None,
        )
        for c in certificates
    ]
    return render_to_string(TEMPLATE, {"pages": pages, "emblems": sorted(emblems.items())})


def render_pdf(certificates: Sequence[Certificate], *, base_url_for_verify: str) -> bytes:
    """One A4 landscape page per certificate, in the order given.

    `base_url_for_verify` is the public verification address the code is appended to, e.g.
    'https://phinong.example/verify/'. Load the certificates with `certificates.for_printing`.
    """
    if not certificates:
        raise ValueError("no certificates to print")
    html = HTML(
        string=render_html(certificates, base_url_for_verify=base_url_for_verify),
        base_url=FONT_DIR.as_uri() + "/",
        url_fetcher=LocalOnlyFetcher(),
    )
    pdf: bytes = html.write_pdf(font_config=_font_config())
    return pdf
