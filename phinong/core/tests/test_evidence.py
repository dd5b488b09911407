"""Evidence files: photos re-encoded without metadata or anything hidden after them, PDFs that act on
their own refused, every file served as an attachment, and a file gone from MEDIA_ROOT a Thai 404."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conftest import Cast, client_for, tambon
from phinong.core import evidence
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services
from phinong.reports.models import Evidence
from phinong.workshops import services as workshop_services
from phinong.workshops.models import ActivityEvidence

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(
    fmt: str = "JPEG", *, exif: bool = True, after: bytes = b"", size: tuple[int, int] = (40, 30)
) -> bytes:
    """A red photo; with EXIF naming the camera, a GPS position and "rotate 90 degrees"."""
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"
        data[0x0112] = 6
        data.get_ifd(GPS_IFD)[2] = (17.0, 29.0, 0.0)  # latitude of Loei
        kwargs["exif"] = data.tobytes()
    if fmt == "PNG":
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "secret comment")
        kwargs["pnginfo"] = info
    out = io.BytesIO()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue() + after


def accepted(content: bytes, name: str = "a.jpg") -> evidence.Accepted:
    return evidence.accept(SimpleUploadedFile(name, content), files_so_far=0)


def refusal(content: bytes, name: str = "a.pdf") -> str:
    with pytest.raises(ValidationError) as refused:
        accepted(content, name)
    return " ".join(refused.value.message_dict["file"])


# -- photos -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_photo_is_stored_upright_without_exif_gps_or_comments(fmt: str) -> None:
    html = b"<html><script>alert(1)</script></html>"
    stored = accepted(photo(fmt, after=html), "a.png" if fmt == "PNG" else "a.jpg")
    data = stored.content.read()
    assert html not in data and b"SecretCamera" not in data and b"secret comment" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == fmt
        assert image.size == (30, 40)  # the EXIF orientation is applied, then dropped
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
        pixel = image.convert("RGB").getpixel((15, 20))
        assert isinstance(pixel, tuple) and pixel[0] > 150  # still the same red picture
    assert stored.size == len(data)


def test_a_png_signature_followed_by_html_is_refused() -> None:
    fake = b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>"
    assert refusal(fake, "a.png")


# -- PDFs -------------------------------------------------------------------------------------------


def pdf(*objects: bytes) -> bytes:
    body = b"%PDF-1.7\n"
    for number, content in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


def object_stream(hidden: bytes) -> bytes:
    """An object stream (PDF 1.5+) holding object 4, compressed."""
    packed = zlib.compress(b"4 0 " + hidden)
    return (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream"
    )


def test_a_plain_pdf_is_kept_as_uploaded() -> None:
    content = pdf(CATALOG, PAGES)
    stored = accepted(content, "report.pdf")
    assert stored.content_type == "application/pdf" and stored.content.read() == content


@pytest.mark.parametrize(
    "catalog",
    [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /AA << /WC 3 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Open#41ction << /S /J#61vaScript >> >>",  # escaped
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (http://x.example) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 9 0 R >>",  # an action that is not there
    ],
)
def test_a_pdf_that_acts_on_its_own_is_refused(catalog: bytes) -> None:
    message = refusal(pdf(catalog, PAGES))
    assert "PDF" in message and "encrypted" not in message


def test_javascript_inside_a_compressed_object_stream_is_found() -> None:
    hidden = b"<< /S /JavaScript /JS (app.launchURL('http://x')) >>"
    content = pdf(CATALOG, PAGES, object_stream(hidden))
    assert b"JavaScript" not in content  # not visible in the raw bytes
    assert refusal(content)


@pytest.mark.parametrize(
    "opening",
    [b"[2 0 R /Fit]", b"<< /D [2 0 R /Fit] /S /GoTo >>", b"3 0 R"],
)
def test_opening_at_a_page_as_latex_and_office_programs_write_it_passes(opening: bytes) -> None:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction " + opening + b" >>"
    content = pdf(catalog, PAGES, b"<< /S /GoTo /D [2 0 R /XYZ 0 0 0] >>")
    assert accepted(content, "thesis.pdf").content_type == "application/pdf"


def test_an_open_action_kept_in_an_object_stream_is_followed() -> None:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    assert refusal(pdf(catalog, PAGES, object_stream(b"<< /S /Named /N /Print >>")))
    content = pdf(catalog, PAGES, object_stream(b"<< /S /GoTo /D [2 0 R /Fit] >>"))
    assert accepted(content, "ok.pdf").content_type == "application/pdf"


def test_an_ordinary_compressed_object_stream_passes() -> None:
    content = pdf(CATALOG, PAGES, object_stream(b"<< /Type /Font /Subtype /Type1 >>"))
    assert accepted(content, "ok.pdf").content_type == "application/pdf"


def test_bytes_inside_an_ordinary_stream_that_look_like_names_are_not_read_as_names() -> None:
    image = (
        b"<< /Type /XObject /Subtype /Image /Length 20 >>\nstream\n\x00/AA /JS \xff\x10\nendstream"
    )
    assert accepted(pdf(CATALOG, PAGES, image), "scan.pdf").content_type == "application/pdf"


def test_an_encrypted_pdf_is_refused_as_uncheckable() -> None:
    content = pdf(CATALOG, PAGES).replace(b"<< /Root 1 0 R >>", b"<< /Root 1 0 R /Encrypt 3 0 R >>")
    assert refusal(content)


# -- serving ----------------------------------------------------------------------------------------


@pytest.fixture
def report_evidence(cast: Cast, phase2: Programme, pair_a1: Pair) -> Evidence:
    period = report_services.periods_from_activities(actor=cast.dept, programme=phase2)[0]
    report = report_services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values={"households": 40, "narrative": "x"},
    )
    return report_services.add_evidence(
        actor=cast.dist_a1,
        report=report,
        upload=SimpleUploadedFile("แปลงผัก <ก>.jpg", photo()),
    )


@pytest.fixture
def activity_evidence(cast: Cast, phase2: Programme, pair_a1: Pair) -> ActivityEvidence:
    activity = phase2.activities.get(number=1)
    record_ = workshop_services.save_record(
        actor=cast.dist_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "in_progress", "participants": 10, "notes": "x"},
    )
    return workshop_services.add_record_evidence(
        actor=cast.dist_a1,
        record_=record_,
        upload=SimpleUploadedFile("รายงาน.pdf", pdf(CATALOG, PAGES)),
    )


def test_report_evidence_is_an_attachment_with_a_thai_file_name(
    cast: Cast, report_evidence: Evidence
) -> None:
    response = client_for(cast.prov_a).get(reverse("reports:evidence", args=[report_evidence.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition and "%E0%B9%81" in disposition  # แ, encoded
    assert "<" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"


def test_activity_evidence_is_an_attachment(
    cast: Cast, activity_evidence: ActivityEvidence
) -> None:
    url = reverse("workshops:activity_evidence", args=[activity_evidence.pk])
    response = client_for(cast.dist_a1).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(cast.dist_b1).get(url).status_code == 404  # outside the area


@pytest.mark.parametrize("kind", ["report", "activity"])
def test_a_file_gone_from_media_is_a_thai_404_not_a_500(
    cast: Cast, report_evidence: Evidence, activity_evidence: ActivityEvidence, kind: str
) -> None:
    found = report_evidence if kind == "report" else activity_evidence
    Path(found.file.path).unlink()
    name = "reports:evidence" if kind == "report" else "workshops:activity_evidence"
    response = client_for(cast.dist_a1).get(reverse(name, args=[found.pk]))
    assert response.status_code == 404
    assert 'lang="th"' in response.content.decode()


def test_a_lesson_photo_gone_from_media_is_a_404(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    from phinong.lessons import services as lesson_services

    lesson = lesson_services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "ก"},
    )
    saved = lesson_services.add_photo(
        actor=cast.dist_a1,
        lesson=lesson,
        upload=SimpleUploadedFile("p.jpg", photo(size=(80, 80))),
        caption="",
    )
    url = reverse("lessons:photo", args=[saved.pk])
    shown = client_for(cast.dist_a1).get(url)
    assert shown.status_code == 200 and shown["X-Content-Type-Options"] == "nosniff"
    Path(saved.image.path).unlink()
    assert client_for(cast.dist_a1).get(url).status_code == 404


def test_an_emblem_gone_from_media_is_a_404(cast: Cast, phase2: Programme) -> None:
    from phinong.workshops import certificate_settings

    emblem = certificate_settings.set_emblem(
        actor=cast.dept,
        programme=phase2,
        upload=SimpleUploadedFile("garuda.png", photo("PNG", size=(80, 80))),
    )
    url = reverse("workshops:certificate_emblem_image", args=[phase2.pk])
    assert client_for(cast.dept).get(url).status_code == 200
    Path(emblem.image.path).unlink()
    assert client_for(cast.dept).get(url).status_code == 404
