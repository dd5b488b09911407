"""Who signs a programme's certificates (per area, the most specific wins) and its emblem."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from PIL import Image, PngImagePlugin

from conftest import Cast, client_for
from phinong.audit.models import AuditEvent
from phinong.programmes.models import Programme
from phinong.workshops import certificate_settings as signing
from phinong.workshops.models import CertificateEmblem, CertificateSignatory


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def png(width: int = 200, height: int = 160, *, comment: str = "") -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((180, 140, 30, 255), (20, 20, width - 20, height - 20))
    info = PngImagePlugin.PngInfo()
    if comment:
        info.add_text("Comment", comment)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(content: bytes, name: str = "emblem.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def set_three(cast: Cast, programme: Programme) -> None:
    """The department's default, Loei's own, and Mueang Loei's own."""
    for actor, area, name, position in (
        (cast.dept, "", "นายอธิบดี ใจดี", "อธิบดีกรมการพัฒนาชุมชน"),
        (cast.prov_a, "42", "นายผู้ว่า เมืองเลย", "ผู้ว่าราชการจังหวัดเลย"),
        (cast.dist_a1, "4201", "นายนายอำเภอ เมืองเลย", "นายอำเภอเมืองเลย"),
    ):
        signing.set_signatory(
            actor=actor, programme=programme, area_code=area, name=name, position=position
        )


# -- the signatory that applies --------------------------------------------------------------------


def test_the_most_specific_signatory_covering_the_tambon_applies(
    cast: Cast, phase2: Programme
) -> None:
    set_three(cast, phase2)

    found = signing.signatures_for([phase2.pk], ["420102", "420201", "450101"])

    assert found[phase2.pk, "420102"].position == "นายอำเภอเมืองเลย"
    assert found[phase2.pk, "420201"].position == "ผู้ว่าราชการจังหวัดเลย"
    assert found[phase2.pk, "450101"].position == "อธิบดีกรมการพัฒนาชุมชน"


def test_removing_a_district_signatory_falls_back_to_the_province(
    cast: Cast, phase2: Programme
) -> None:
    set_three(cast, phase2)

    signing.remove_signatory(actor=cast.dist_a1, programme=phase2, area_code="4201")

    found = signing.signatures_for([phase2.pk], ["420102"])
    assert found[phase2.pk, "420102"].name == "นายผู้ว่า เมืองเลย"
    assert AuditEvent.objects.filter(
        action="certificate.signatory.remove", area_code="4201", actor_username="dist-a1"
    ).exists()


def test_each_user_sees_the_signatories_of_their_area_and_above_it(
    cast: Cast, phase2: Programme
) -> None:
    set_three(cast, phase2)
    signing.set_signatory(
        actor=cast.prov_b, programme=phase2, area_code="45", name="นาย ร", position="ผู้ว่า"
    )

    def seen(user: Any) -> list[str]:
        return [s.area_code for s in signing.signatories_seen_by(actor=user, programme=phase2)]

    assert seen(cast.dept) == ["", "42", "4201", "45"]
    assert seen(cast.prov_a) == ["", "42", "4201"]
    assert seen(cast.dist_a1) == ["", "42", "4201"]
    assert seen(cast.dist_a2) == ["", "42"]
    assert seen(cast.leader_a1) == ["", "42", "4201"]


def test_with_no_signatory_set_a_certificate_has_none(phase2: Programme) -> None:
    assert signing.signatures_for([phase2.pk], ["420102"]) == {}


def test_the_lookup_is_one_query_for_a_whole_batch(
    cast: Cast, phase2: Programme, django_assert_num_queries: Any
) -> None:
    set_three(cast, phase2)
    codes = [f"4201{n:02d}" for n in range(1, 15)] + ["450101", "420201"]

    with django_assert_num_queries(1):
        found = signing.signatures_for([phase2.pk], codes)

    assert len(found) == len(codes)


# -- setting it (the service) ----------------------------------------------------------------------


def test_setting_a_signatory_is_audited_with_what_changed(cast: Cast, phase2: Programme) -> None:
    signing.set_signatory(
        actor=cast.dist_a1, programme=phase2, area_code="4201", name=" นาย ก  ข ", position="ป"
    )
    signing.set_signatory(
        actor=cast.dist_a1, programme=phase2, area_code="4201", name="นาย ก ข", position="ป"
    )
    signing.set_signatory(
        actor=cast.dist_a1, programme=phase2, area_code="4201", name="นาย ก ข", position="นายอำเภอ"
    )

    signatory = CertificateSignatory.objects.get(programme=phase2, area_code="4201")
    assert (signatory.name, signatory.position) == ("นาย ก ข", "นายอำเภอ")
    assert signatory.updated_by == cast.dist_a1
    events = list(AuditEvent.objects.filter(action="certificate.signatory").order_by("pk"))
    assert [e.changes for e in events] == [
        {"name": [None, "นาย ก ข"], "position": [None, "ป"]},
        {"position": ["ป", "นายอำเภอ"]},  # the unchanged save wrote nothing
    ]
    assert {e.actor_username for e in events} == {"dist-a1"}
    assert {e.area_code for e in events} == {"4201"}


def test_it_refuses_an_empty_or_too_long_name(cast: Cast, phase2: Programme) -> None:
    for name, position in (("", "นายอำเภอ"), ("นาย ก", "   "), ("ก" * 151, "นายอำเภอ")):
        with pytest.raises(ValidationError):
            signing.set_signatory(
                actor=cast.dist_a1,
                programme=phase2,
                area_code="4201",
                name=name,
                position=position,
            )
    assert not CertificateSignatory.objects.exists()


def test_it_refuses_an_area_outside_the_actor_with_404(cast: Cast, phase2: Programme) -> None:
    for actor, area in (
        (cast.dist_a1, "4501"),
        (cast.dist_a1, "42"),  # the province above is not the district's to set
        (cast.dist_a1, ""),
        (cast.prov_a, "45"),
        (cast.prov_b, "4201"),
        (cast.leader_a1, "4201"),
        (cast.dist_a1, "420102"),  # a tambon has no signatory of its own
        (cast.dept, "4x"),
    ):
        with pytest.raises(Http404):
            signing.set_signatory(
                actor=actor, programme=phase2, area_code=area, name="นาย ก", position="ป"
            )
        with pytest.raises(Http404):
            signing.remove_signatory(actor=actor, programme=phase2, area_code=area)
    assert not CertificateSignatory.objects.exists()


def test_it_refuses_a_read_only_role_with_403(cast: Cast, phase2: Programme) -> None:
    with pytest.raises(PermissionDenied):
        signing.set_signatory(
            actor=cast.viewer, programme=phase2, area_code="", name="นาย ก", position="ป"
        )
    assert not CertificateSignatory.objects.exists()


def test_a_province_may_set_its_districts_signatory(cast: Cast, phase2: Programme) -> None:
    signing.set_signatory(
        actor=cast.prov_a, programme=phase2, area_code="4202", name="นาย ข", position="นายอำเภอ"
    )
    assert CertificateSignatory.objects.filter(area_code="4202").exists()


# -- the page -------------------------------------------------------------------------------------


def settings_url(programme: Programme) -> str:
    return reverse("workshops:certificate_settings", args=[programme.pk])


def test_the_workshops_page_links_to_it_for_roles_that_may_set_it(
    cast: Cast, phase2: Programme
) -> None:
    index = reverse("workshops:index", args=[phase2.pk])
    for user in (cast.dept, cast.prov_a, cast.dist_a1):
        assert settings_url(phase2) in client_for(user).get(index).content.decode()
    for user in (cast.viewer, cast.leader_a1):
        assert settings_url(phase2) not in client_for(user).get(index).content.decode()


def test_a_district_sets_its_signatory_on_the_page(
    cast: Cast, phase2: Programme, django_assert_max_num_queries: Any
) -> None:
    set_three(cast, phase2)
    client = client_for(cast.dist_a1)

    with django_assert_max_num_queries(12):
        page = client.get(settings_url(phase2))
    response = client.post(
        settings_url(phase2), {"area": "4201", "name": "นายใหม่ ใจดี", "position": "นายอำเภอ"}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="signatory-form"' in html
    assert "อธิบดีกรมการพัฒนาชุมชน" in html and "ผู้ว่าราชการจังหวัดเลย" in html
    assert 'id="emblem-form"' not in html  # the department's alone
    assert response.status_code == 302
    assert response["Location"] == settings_url(phase2)
    assert CertificateSignatory.objects.get(area_code="4201").name == "นายใหม่ ใจดี"


def test_the_page_keeps_what_was_typed_when_it_is_refused(cast: Cast, phase2: Programme) -> None:
    response = client_for(cast.dist_a1).post(
        settings_url(phase2), {"area": "4201", "name": "นายใหม่ ใจดี", "position": ""}
    )

    assert response.status_code == 200
    assert "นายใหม่ ใจดี" in response.content.decode()
    assert not CertificateSignatory.objects.exists()


def test_the_remove_button_removes_the_areas_own(cast: Cast, phase2: Programme) -> None:
    set_three(cast, phase2)

    response = client_for(cast.prov_a).post(settings_url(phase2), {"area": "4201", "remove": "1"})

    assert response.status_code == 302
    assert response["Location"] == settings_url(phase2) + "?area=4201"
    assert set(CertificateSignatory.objects.values_list("area_code", flat=True)) == {"", "42"}


def test_the_page_answers_404_outside_the_area(cast: Cast, phase2: Programme) -> None:
    set_three(cast, phase2)
    url = settings_url(phase2)
    for user, area in ((cast.dist_b1, "4201"), (cast.prov_b, "42"), (cast.dist_a2, "4201")):
        client = client_for(user)
        assert client.get(url, {"area": area}).status_code == 404, user.username
        posted = client.post(url, {"area": area, "name": "นาย ก", "position": "ป"})
        assert posted.status_code == 404
        assert client.post(url, {"area": area, "remove": "1"}).status_code == 404
    assert CertificateSignatory.objects.get(area_code="4201").name == "นายนายอำเภอ เมืองเลย"
    assert CertificateSignatory.objects.count() == 3


def test_the_page_answers_403_to_read_only_roles(cast: Cast, phase2: Programme) -> None:
    url = settings_url(phase2)
    for user in (cast.viewer, cast.leader_a1):
        client = client_for(user)
        assert client.get(url).status_code == 403, user.username
        assert client.post(url, {"name": "นาย ก", "position": "ป"}).status_code == 403
    viewer = client_for(cast.viewer)
    assert viewer.post(url, {"area": "4201", "name": "นาย ก", "position": "ป"}).status_code == 403
    assert not CertificateSignatory.objects.exists()


def test_the_page_needs_a_login(phase2: Programme) -> None:
    from django.test import Client

    response = Client().get(settings_url(phase2))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- the emblem -----------------------------------------------------------------------------------


def test_a_real_png_is_re_encoded_and_stored(cast: Cast, phase2: Programme) -> None:
    emblem = signing.set_emblem(
        actor=cast.dept, programme=phase2, upload=upload(png(comment="from a scanner"))
    )

    stored = emblem.image.read()
    assert stored.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"from a scanner" not in stored  # only the pixels were kept
    assert (emblem.width, emblem.height) == (200, 160)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (200, 160)
    assert AuditEvent.objects.filter(action="certificate.emblem", actor_username="dept").exists()


def test_a_jpeg_is_accepted_and_a_large_image_scaled_down(cast: Cast, phase2: Programme) -> None:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), (200, 30, 30)).save(out, format="JPEG")

    emblem = signing.set_emblem(
        actor=cast.dept, programme=phase2, upload=upload(out.getvalue(), "garuda.jpg")
    )

    assert (emblem.width, emblem.height) == (signing.STORED_SIDE, signing.STORED_SIDE // 2)


def test_a_new_emblem_replaces_the_old_file(cast: Cast, phase2: Programme) -> None:
    first = signing.set_emblem(actor=cast.dept, programme=phase2, upload=upload(png()))
    old = Path(first.image.path)

    with pytest.MonkeyPatch.context() as patch:  # run the on-commit deletion at once
        patch.setattr(
            "django.db.transaction.on_commit", lambda callback, *args, **kwargs: callback()
        )
        second = signing.set_emblem(actor=cast.dept, programme=phase2, upload=upload(png(64, 64)))

    assert CertificateEmblem.objects.count() == 1
    assert (second.width, second.height) == (64, 64)
    assert Path(second.image.path).exists()
    assert not old.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"this is not a picture at all", "emblem.png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "emblem.png"),  # a PNG signature, then nothing
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "emblem.gif"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "emblem.svg"),
        (b"%PDF-1.4\n%%EOF", "emblem.png"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_png_or_jpeg(
    cast: Cast, phase2: Programme, content: bytes, name: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        signing.set_emblem(actor=cast.dept, programme=phase2, upload=upload(content, name))

    assert "image" in refused.value.message_dict
    assert not CertificateEmblem.objects.exists()


def test_it_refuses_a_truncated_png(cast: Cast, phase2: Programme) -> None:
    content = png(400, 400)
    with pytest.raises(ValidationError):
        signing.set_emblem(
            actor=cast.dept, programme=phase2, upload=upload(content[: len(content) // 2])
        )
    assert not CertificateEmblem.objects.exists()


def test_it_refuses_silly_sizes(cast: Cast, phase2: Programme) -> None:
    for content in (png(4001, 40), png(40, 8), b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 2**20)):
        with pytest.raises(ValidationError) as refused:
            signing.set_emblem(actor=cast.dept, programme=phase2, upload=upload(content))
        assert "image" in refused.value.message_dict
    assert not CertificateEmblem.objects.exists()


def test_only_the_department_sets_the_emblem(cast: Cast, phase2: Programme) -> None:
    for outsider in (cast.prov_a, cast.dist_a1, cast.leader_a1):
        with pytest.raises(Http404):
            signing.set_emblem(actor=outsider, programme=phase2, upload=upload(png()))
    with pytest.raises(PermissionDenied):
        signing.set_emblem(actor=cast.viewer, programme=phase2, upload=upload(png()))
    assert not CertificateEmblem.objects.exists()


def test_the_emblem_is_uploaded_shown_and_removed_on_the_page(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dept)
    emblem_url = reverse("workshops:certificate_emblem", args=[phase2.pk])
    image_url = reverse("workshops:certificate_emblem_image", args=[phase2.pk])

    assert 'id="emblem-form"' in client.get(settings_url(phase2)).content.decode()
    uploaded = client.post(emblem_url, {"image": upload(png())})
    shown = client.get(image_url)
    refused = client.post(emblem_url, {"image": upload(b"not an image")})
    removed = client.post(emblem_url, {"remove": "1"})

    assert uploaded.status_code == 302
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown.content.startswith(b"\x89PNG")
    assert refused.status_code == 302
    assert removed.status_code == 302
    assert not CertificateEmblem.objects.exists()
    assert client.get(image_url).status_code == 404


def test_the_emblem_upload_answers_404_outside_and_403_to_readers(
    cast: Cast, phase2: Programme
) -> None:
    emblem_url = reverse("workshops:certificate_emblem", args=[phase2.pk])
    for outsider in (cast.prov_a, cast.dist_b1):
        client = client_for(outsider)
        assert client.post(emblem_url, {"image": upload(png())}).status_code == 404
        assert client.post(emblem_url, {"remove": "1"}).status_code == 404
    viewer = client_for(cast.viewer)
    assert viewer.post(emblem_url, {"image": upload(png())}).status_code == 403
    assert viewer.post(emblem_url, {"remove": "1"}).status_code == 403
    assert not CertificateEmblem.objects.exists()
