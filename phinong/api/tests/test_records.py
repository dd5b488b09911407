"""/api/v1 activity records: create, read, update with If-Match, scoped to the tambon."""

from __future__ import annotations

from typing import Any

from conftest import Cast, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.partners import services as partner_services
from phinong.programmes.models import Pair
from phinong.workshops.models import ActivityRecord


def record_in(**overrides: Any) -> dict[str, Any]:
    return {
        "activity": 1,
        "tambon": "420102",
        "status": "in_progress",
        "started_on": "2021-08-05",
        "participants": 12,
        "notes": "ประชุมแกนนำ",
    } | overrides


def test_a_tambon_leader_records_an_activity_then_updates_it(
    cast: Cast, pair_a1: Pair, django_assert_max_num_queries: Any
) -> None:
    partner = partner_services.create_partner(
        actor=cast.dist_a1,
        data={"name": "วัดศรีสุทธาวาส", "kind": "temple"},
        tambons=[tambon("420102")],
    )
    api = Api(cast.leader_a1)
    programme = pair_a1.programme_id
    created = api.post(f"/programmes/{programme}/records", record_in(partners=[partner.pk]))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["activity"] == 1 and body["partners"] == [partner.pk] and body["version"] == 1
    path = f"/records/{body['id']}"
    etag = api.etag(path)
    change = record_in(status="done", finished_on="2021-08-10")
    assert is_problem(api.put(path, change), 428)
    assert is_problem(api.put(path, change, etag='"workshops.activityrecord.1.7"'), 412)
    saved = api.put(path, change, etag=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"] == "done" and saved.json()["partners"] == []
    assert is_problem(api.put(path, record_in(notes="ทับ"), etag=etag), 412)
    again = api.post(f"/programmes/{programme}/records", record_in())
    assert is_problem(again, 400) and "activity" in again.json()["errors"]
    province = Api(cast.prov_a)
    with django_assert_max_num_queries(8):
        listed = province.get(f"/programmes/{programme}/records", activity=1, area="4201")
    assert [r["id"] for r in listed.json()["items"]] == [body["id"]]


def test_it_names_the_invalid_fields(cast: Cast, pair_a1: Pair) -> None:
    api = Api(cast.dist_a1)
    url = f"/programmes/{pair_a1.programme_id}/records"
    wrong = api.post(
        url, record_in(started_on="2021-08-10", finished_on="2021-08-01", status="done")
    )
    assert is_problem(wrong, 400) and "finished_on" in wrong.json()["errors"]
    far = api.post(url, record_in(started_on="2600-01-01"))
    assert is_problem(far, 400) and "started_on" in far.json()["errors"]
    unknown = api.post(url, record_in(activity=9))
    assert is_problem(unknown, 400) and "activity" in unknown.json()["errors"]
    partner = api.post(url, record_in(partners=[999]))
    assert is_problem(partner, 400) and "partners" in partner.json()["errors"]
    assert not ActivityRecord.objects.exists()


def test_records_outside_the_area_are_404(cast: Cast, pair_a1: Pair, pair_b1: Pair) -> None:
    theirs = Api(cast.dist_b1).post(
        f"/programmes/{pair_b1.programme_id}/records", record_in(tambon="450102")
    )
    assert theirs.status_code == 201, theirs.content
    api = Api(cast.dist_a1)
    path = f"/records/{theirs.json()['id']}"
    assert is_problem(api.get(path), 404)
    assert is_problem(api.put(path, record_in(), etag="*"), 404)
    programme = pair_a1.programme_id
    assert is_problem(
        api.post(f"/programmes/{programme}/records", record_in(tambon="450102", activity=2)), 404
    )
    assert api.get(f"/programmes/{programme}/records").json()["count"] == 0
    assert is_problem(api.get(f"/programmes/{programme}/records", area="45"), 404)
    assert ActivityRecord.objects.count() == 1


def test_a_read_only_role_may_not_record(cast: Cast, pair_a1: Pair) -> None:
    created = Api(cast.dist_a1).post(f"/programmes/{pair_a1.programme_id}/records", record_in())
    path = f"/records/{created.json()['id']}"
    for user in (cast.viewer, cast.prov_a):
        api = Api(user)
        assert is_problem(
            api.post(f"/programmes/{pair_a1.programme_id}/records", record_in(activity=2)), 403
        )
        assert is_problem(api.put(path, record_in(), etag=api.etag(path)), 403)
    assert ActivityRecord.objects.count() == 1


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_record_takes_evidence_and_is_deleted_with_if_match(cast: Cast, pair_a1: Pair) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phinong.api.tests.clients import API
    from phinong.audit.models import AuditEvent

    api = Api(cast.dist_a1)
    created = api.post(f"/programmes/{pair_a1.programme_id}/records", record_in())
    path = f"/records/{created.json()['id']}"
    url = f"{API}{path}/evidence"
    added = api.client.post(url, {"file": SimpleUploadedFile("ประชุม.pdf", PDF)})
    assert added.status_code == 201, added.content
    assert added.json()["content_type"] == "application/pdf" and added.json()["name"] == "ประชุม.pdf"
    html = api.client.post(url, {"file": SimpleUploadedFile("x.pdf", b"<html></html>")})
    assert is_problem(html, 400) and "file" in html.json()["errors"]
    assert is_problem(api.client.post(url, {}), 400)
    assert is_problem(
        Api(cast.viewer).client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}), 403
    )
    assert api.get(f"{path}/evidence").json()["count"] == 1

    assert is_problem(api.delete(path), 428)
    assert is_problem(api.delete(path, etag='"stale"'), 412)
    assert is_problem(Api(cast.prov_a).delete(path, etag="*"), 403)
    assert api.delete(path, etag=api.etag(path)).status_code == 204
    assert not ActivityRecord.objects.exists()
    deleted = AuditEvent.objects.get(action="activity.record.delete")
    assert deleted.channel == "api" and deleted.actor_id == cast.dist_a1.pk


def test_evidence_and_delete_outside_the_area_are_404(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phinong.api.tests.clients import API

    theirs = Api(cast.dist_b1).post(
        f"/programmes/{pair_b1.programme_id}/records", record_in(tambon="450102")
    )
    path = f"/records/{theirs.json()['id']}"
    api = Api(cast.dist_a1)
    assert is_problem(api.get(f"{path}/evidence"), 404)
    upload = {"file": SimpleUploadedFile("a.pdf", PDF)}
    assert is_problem(api.client.post(f"{API}{path}/evidence", upload), 404)
    assert is_problem(api.delete(path, etag="*"), 404)
    assert ActivityRecord.objects.count() == 1
