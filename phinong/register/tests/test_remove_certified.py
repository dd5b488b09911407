"""Removing a person who holds a certificate: refused in Thai naming it, or revoked on purpose and
audited. The same on the web, in the API and in the service; and no other user action meets an
on_delete=PROTECT relation as a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from conftest import Cast, add_leaders, client_for, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.audit.models import AuditEvent
from phinong.programmes.models import Pair, Programme
from phinong.register import services
from phinong.register.models import Member
from phinong.workshops import services as workshop_services
from phinong.workshops.certificates import issue_certificates
from phinong.workshops.models import Certificate


@pytest.fixture
def certified(cast: Cast, phase2: Programme, pair_a1: Pair) -> list[Member]:
    """Two leaders of 420102 who attended both days of an ended workshop and hold certificates."""
    leaders = add_leaders(cast.dist_a1, phase2, "420102", 2)
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={
            "title": "อบรมผู้นำ",
            "starts_on": dt.date(2021, 8, 30),
            "days": 2,
            "mode": "online",
            "platform": "Zoom",
            "activity": phase2.activities.get(number=2),
        },
        tambons=[tambon("420102")],
    )
    for day in (1, 2):
        workshop_services.set_attendance(
            actor=cast.dist_a1, workshop=workshop, day=day, present={m.pk for m in leaders}
        )
    issue_certificates(actor=cast.dist_a1, workshop=workshop)
    return leaders


def test_the_service_refuses_in_thai_naming_the_certificate(
    cast: Cast, certified: list[Member]
) -> None:
    member = certified[0]
    number = member.certificates.get().number
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.remove_member(actor=cast.dist_a1, member=member, reason="ย้ายออก")
    message = " ".join(refused.value.message_dict["revoke_certificates"])
    assert number in message and "Revoke the certificate" in message
    assert Member.objects.filter(pk=member.pk).exists()
    assert not AuditEvent.objects.filter(action__endswith=".delete").exists()


def test_revoking_on_purpose_removes_the_person_and_audits_both(
    cast: Cast, certified: list[Member]
) -> None:
    member = certified[0]
    certificate = member.certificates.get()
    services.remove_member(
        actor=cast.dist_a1, member=member, reason="ย้ายออก", revoke_certificates=True
    )
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    revoked = AuditEvent.objects.get(action="certificate.revoke")
    assert revoked.object_label == certificate.number and revoked.reason == "ย้ายออก"
    assert revoked.actor_username == cast.dist_a1.username
    deleted = AuditEvent.objects.get(action="leader.delete")
    assert deleted.changes["certificates_revoked"] == certificate.number
    assert certified[1].certificates.count() == 1  # the other leader keeps theirs


def test_a_revoked_number_is_never_given_again(cast: Cast, certified: list[Member]) -> None:
    last = max(certified, key=lambda m: m.certificates.get().number)
    number = last.certificates.get().number
    workshop = last.certificates.get().workshop
    services.remove_member(
        actor=cast.dist_a1, member=last, reason="ย้ายออก", revoke_certificates=True
    )
    newcomer = add_leaders(cast.dist_a1, workshop.programme, "420102", 1)[0]
    for day in (1, 2):
        workshop_services.set_attendance(
            actor=cast.dist_a1, workshop=workshop, day=day, present={newcomer.pk}
        )
    (fresh,) = issue_certificates(actor=cast.dist_a1, workshop=workshop)
    assert fresh.number != number and fresh.number > number


def test_the_web_page_refuses_then_offers_the_revocation(
    cast: Cast, certified: list[Member]
) -> None:
    member = certified[0]
    number = member.certificates.get().number
    url = reverse("register:member_remove", args=[member.pk])
    client = client_for(cast.dist_a1)
    page = client.get(url).content.decode()
    assert number in page and 'name="revoke_certificates"' in page
    refused = client.post(url, {"reason": "ย้ายออก"})
    assert refused.status_code == 200 and number in refused.content.decode()
    assert "holds certificate" in refused.content.decode() or "ยกเลิก" in refused.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()
    done = client.post(url, {"reason": "ย้ายออก", "revoke_certificates": "on"})
    assert done.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(action="certificate.revoke").count() == 1


def test_a_person_without_a_certificate_is_offered_no_revocation(cast: Cast, pair_a1: Pair) -> None:
    member = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 1)[0]
    url = reverse("register:member_remove", args=[member.pk])
    assert 'name="revoke_certificates"' not in client_for(cast.dist_a1).get(url).content.decode()


def test_the_remove_page_outside_the_area_is_404(cast: Cast, certified: list[Member]) -> None:
    url = reverse("register:member_remove", args=[certified[0].pk])
    client = client_for(cast.dist_b1)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "revoke_certificates": "on"}).status_code == 404
    assert Certificate.objects.count() == 2


def test_the_api_answers_a_thai_problem_not_a_500(cast: Cast, certified: list[Member]) -> None:
    member = certified[0]
    number = member.certificates.get().number
    api = Api(cast.dist_a1)
    path = f"/members/{member.pk}"
    response = api.client.delete(
        f"/api/v1{path}?reason=ย้ายออก",
        headers={"If-Match": api.etag(path)},
    )
    assert is_problem(response, 400), response.content
    assert number in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()
    outside = Api(cast.dist_b1).delete(f"{path}?reason=x", etag="*")
    assert is_problem(outside, 404)


def test_the_api_revokes_and_removes_in_one_call_on_purpose(
    cast: Cast, certified: list[Member]
) -> None:
    member = certified[0]
    certificate = member.certificates.get()
    api = Api(cast.dist_a1)
    path = f"/members/{member.pk}"
    outside = Api(cast.dist_b1).delete(f"{path}?reason=x&revoke_certificates=true", etag="*")
    assert is_problem(outside, 404) and Certificate.objects.filter(pk=certificate.pk).exists()

    response = api.client.delete(
        f"/api/v1{path}?reason=ย้ายออก&revoke_certificates=true",
        headers={"If-Match": api.etag(path)},
    )

    assert response.status_code == 204, response.content
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    revoked = AuditEvent.objects.get(action="certificate.revoke")
    assert revoked.object_label == certificate.number and revoked.channel == "api"


# Every relation with on_delete=PROTECT that points at a model some service deletes, and the
# guard that turns it into a Thai refusal. A new one fails here until it gets a guard and a test.
DELETED_BY_SERVICES = {
    "register.member": "register.services.remove_member",
    "programmes.pair": "programmes.services.remove_pair",
    "programmes.targettambon": "programmes.services.remove_target",
    "programmes.activity": "programmes.services.delete_activity",
    "programmes.districtquota": "programmes.services.set_district_quota",
    "partners.partner": "partners.services.delete_partner",
    "partners.partnertambon": "partners.services.unlink_tambon",
    "lessons.lesson": "lessons.services.delete_lesson",
    "lessons.lessonphoto": "lessons.services.remove_photo",
    "workshops.attendance": "workshops.services.set_attendance",
    "workshops.certificate": "workshops.certificates.revoke_certificates_of",
    "workshops.certificatesignatory": "workshop.certificate_settings.remove_signatory",
    "workshops.certificateemblem": "workshop.certificate_settings.remove_emblem",
    "register.pendingupload": "register.uploads",
}
GUARDED = {
    # certificate held: test_the_service_refuses_in_thai_naming_the_certificate (above)
    ("register.member", "workshops.certificate.member"),
    # people still registered on the pair: programmes/tests test_services + test_views
    ("programmes.pair", "register.member.pair"),
}


def test_every_protected_relation_a_user_can_hit_is_guarded() -> None:
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.ForeignKey):
                continue
            if field.remote_field.on_delete is not models.PROTECT:
                continue
            target = field.related_model._meta.label_lower  # type: ignore[union-attr]
            if target in DELETED_BY_SERVICES:
                found.add((target, f"{model._meta.label_lower}.{field.name}"))
    assert found == GUARDED
