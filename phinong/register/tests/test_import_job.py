"""A large register file is confirmed by a background job (issue 12): the same import, as the user.

PHINONG_IMPORT_JOB_ROWS is set low, so the 15-row file of these tests counts as large. The tests
with the database backend commit (transaction=True), as the worker reads what the request committed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import Cast, client_for, person, tambon
from phinong.audit.models import AuditEvent
from phinong.core.signals import rows_written
from phinong.jobs.models import Job, JobKind, JobState
from phinong.jobs.tests.helpers import read
from phinong.programmes.models import Pair, Programme, ProgrammeStatus
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole, PendingUpload
from phinong.register.tests.sheetmaker import row, xlsx

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
THAI = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาิีึืุูเแโใไ"


@pytest.fixture(autouse=True)
def _large_from_ten_rows(settings: Any, tmp_path: Any) -> None:
    settings.PHINONG_IMPORT_JOB_ROWS = 10
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signals() -> Iterator[list[dict[str, Any]]]:
    """What `rows_written` announced, as its receivers see it."""
    sent: list[dict[str, Any]] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        sent.append({"sender": sender, **kwargs})

    rows_written.connect(listen, dispatch_uid="test_import_job")
    yield sent
    rows_written.disconnect(dispatch_uid="test_import_job")


def rows15() -> list[dict[str, Any]]:
    return [row(seq=n) for n in range(1, 16)]


def upload(client: Client, programme: Programme, data: bytes) -> str:
    """Upload a file; the URL of its preview."""
    response = client.post(
        reverse("register:import", args=[programme.pk]),
        {"file": SimpleUploadedFile("register.xlsx", data)},
    )
    assert response.status_code == 302, response.status_code
    return str(response["Location"])


def job_of(response: Any) -> Job:
    location = response["Location"]
    assert location.startswith("/jobs/"), location
    return Job.objects.get(pk=int(location.rstrip("/").rsplit("/", 1)[1]))


def register_of(programme: Programme) -> list[tuple[Any, ...]]:
    """The programme's leaders, pairs and audit rows, without their ids."""
    members = Member.objects.filter(programme=programme).order_by("national_id")
    return [
        *members.values_list(
            "national_id", "tambon_id", "pair__younger_id", "pair__elder_id", "first_name", "age"
        ),
        *Pair.objects.filter(programme=programme)
        .order_by("younger_id")
        .values_list("younger_id", "elder_id", "created_by__username"),
        *sorted(
            (e.action, e.object_type, e.object_label, e.area_code, e.actor_username, str(e.changes))
            for e in AuditEvent.objects.all()
        ),
    ]


def work_once() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, stdout=StringIO())


def is_thai(text: str) -> bool:
    return any(char in THAI for char in text)


def test_a_large_file_goes_through_a_job_and_writes_what_the_request_would(
    cast: Cast, phase2: Programme, settings: Any, signals: list[dict[str, Any]]
) -> None:
    client = client_for(cast.dist_a1)
    preview = upload(client, phase2, xlsx(rows15()))

    with transaction.atomic():  # the request's own path, then undone (the upload comes back)
        settings.PHINONG_IMPORT_JOB_ROWS = 500
        response = client.post(preview + "confirm/", {"mode": "all"})
        assert response["Location"] == reverse("programmes:detail", args=[phase2.pk])
        in_request, in_request_signals = register_of(phase2), list(signals)
        assert not Job.objects.exists()
        transaction.set_rollback(True)
    settings.PHINONG_IMPORT_JOB_ROWS = 10
    signals.clear()
    assert not Member.objects.exists() and PendingUpload.objects.count() == 1

    with TestCase.captureOnCommitCallbacks(execute=True):  # the immediate backend, on commit
        response = client.post(preview + "confirm/", {"mode": "all"})

    job = job_of(response)
    job.refresh_from_db()
    assert (job.owner, job.kind, job.area_code) == (cast.dist_a1, JobKind.REGISTER_IMPORT, "4201")
    assert job.parameters["programme"] == phase2.pk and job.parameters["valid_only"] is False
    assert (job.state, job.progress, job.error) == (JobState.DONE, 100, "")
    assert len(in_request) > 15 and register_of(phase2) == in_request
    assert Member.objects.filter(tambon_id="420103").count() == 15
    assert signals == in_request_signals and signals[0]["tambon_codes"] == {"420103"}
    assert not PendingUpload.objects.exists()  # consumed: the same upload is never written twice
    assert "๑๕" in job.summary and is_thai(job.summary)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-summary"' in page and 'id="job-download"' not in page
    assert reverse("programmes:detail", args=[phase2.pk]) in page
    assert client.post(preview + "confirm/", {"mode": "all"}).status_code == 404


def test_only_the_valid_rows_leave_the_refused_ones_as_the_jobs_file(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dist_a1)
    rows = rows15()
    rows[2]["national_id"] = "1234"
    preview = upload(client, phase2, xlsx(rows))

    with TestCase.captureOnCommitCallbacks(execute=True):
        refused = client.post(preview + "confirm/", {"mode": "all"})
    job = job_of(refused)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and is_thai(job.error)
    assert not Member.objects.exists() and PendingUpload.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert preview in page and preview + "rejected.xlsx" in page  # the check page, the list

    with TestCase.captureOnCommitCallbacks(execute=True):
        valid = client.post(preview + "confirm/", {"mode": "valid"})
    job = job_of(valid)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result_name == "rejected-rows.xlsx"
    assert Member.objects.count() == 14
    download = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(read(download))).get_sheet_by_index(0)
    assert sheet.to_python()[1][:3] == [6, "เลขประจำตัวประชาชน", "1234"]
    job.result.delete(save=False)


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_the_user_lands_where_a_small_file_lands(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dist_a1)
    preview = upload(client, phase2, xlsx(rows15()))

    response = client.post(preview + "confirm/", {"mode": "all"}, follow=True)

    assert response.redirect_chain == [(reverse("programmes:detail", args=[phase2.pk]), 302)]
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.summary in response.content.decode()
    assert Member.objects.filter(tambon_id="420103").count() == 15


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_saves_the_file_once(
    cast: Cast, phase2: Programme, settings: Any
) -> None:
    settings.TASKS = DATABASE
    client = client_for(cast.dist_a1)
    data = xlsx(rows15())
    preview = upload(client, phase2, data)

    response = client.post(preview + "confirm/", {"mode": "all"})
    job = job_of(response)
    assert job.state == JobState.QUEUED and not Member.objects.exists()
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.content.decode()
    second = client.post(preview + "confirm/", {"mode": "valid"})  # a second, impatient click
    assert second["Location"] == response["Location"] and Job.objects.count() == 1

    work_once()

    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.DONE, "")
    assert Member.objects.filter(tambon_id="420103").count() == 15
    assert AuditEvent.objects.filter(action="register.import", actor=cast.dist_a1).count() == 1
    assert client.post(preview + "confirm/", {"mode": "all"}).status_code == 404

    rerun = upload(client, phase2, data)  # the same file again: planned as nothing to change
    client.post(rerun + "confirm/", {"mode": "all"})
    work_once()
    rerun_job = Job.objects.latest("pk")
    assert rerun_job.state == JobState.DONE and rerun_job.pk != job.pk
    assert Member.objects.filter(tambon_id="420103").count() == 15
    assert set(Member.objects.values_list("version", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_only_the_owner_and_the_users_above_see_the_job(
    cast: Cast, phase2: Programme, settings: Any
) -> None:
    settings.TASKS = DATABASE
    preview = upload(client_for(cast.dist_a1), phase2, xlsx(rows15()))
    job = job_of(client_for(cast.dist_a1).post(preview + "confirm/", {"mode": "all"}))

    url = job.get_absolute_url()
    assert client_for(cast.prov_a).get(url).status_code == 200  # Loei contains Mueang Loei
    assert client_for(cast.dept).get(url).status_code == 200
    for outsider in (cast.dist_a2, cast.dist_b1, cast.prov_b):
        assert client_for(outsider).get(url).status_code == 404
    for other in (cast.dist_a2, cast.dist_b1):  # nor may they start it again with the token
        assert client_for(other).post(preview + "confirm/").status_code == 404
    assert Job.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_plan_gone_stale_before_the_worker_writes_nothing_and_says_why_in_thai(
    cast: Cast, phase2: Programme, pair_a1: Pair, settings: Any
) -> None:
    settings.TASKS = DATABASE
    client = client_for(cast.dist_a1)
    rows = rows15()
    preview = upload(client, phase2, xlsx(rows))
    job = job_of(client.post(preview + "confirm/", {"mode": "all"}))
    # Meanwhile the first person of the file is registered in another tambon of the district.
    register_services.add_member(
        actor=cast.dist_a1,
        programme=phase2,
        role=MemberRole.LEADER,
        tambon=tambon("420102"),
        data=person(national_id=rows[0]["national_id"]),
    )
    before = register_of(phase2)

    work_once()

    job.refresh_from_db()
    assert job.state == JobState.FAILED and is_thai(job.error)
    assert "ยังไม่ได้บันทึก" in job.error  # "nothing was written"
    assert register_of(phase2) == before and not Member.objects.filter(tambon_id="420103")
    assert PendingUpload.objects.filter(token=job.parameters["token"]).exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-error"' in page and job.error in page
    assert client.get(preview).status_code == 200  # the check page lists the refused row


@pytest.mark.django_db(transaction=True)
def test_a_programme_closed_before_the_worker_refuses_the_whole_file_in_thai(
    cast: Cast, phase2: Programme, settings: Any
) -> None:
    settings.TASKS = DATABASE
    client = client_for(cast.dist_a1)
    preview = upload(client, phase2, xlsx(rows15()))
    job = job_of(client.post(preview + "confirm/", {"mode": "all"}))
    Programme.objects.filter(pk=phase2.pk).update(status=ProgrammeStatus.CLOSED)

    work_once()

    job.refresh_from_db()
    assert job.state == JobState.FAILED and "โครงการ" in job.error
    assert not Member.objects.exists()


def test_a_failed_jobs_page_sends_to_a_new_upload_once_the_file_is_gone(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dist_a1)
    rows = rows15()
    rows[2]["national_id"] = "1234"
    preview = upload(client, phase2, xlsx(rows))
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = job_of(client.post(preview + "confirm/", {"mode": "all"}))
    PendingUpload.objects.all().delete()  # a day old, or cancelled: the links would be 404

    page = client.get(job.get_absolute_url()).content.decode()

    assert preview not in page and 'id="job-upload-again"' in page
    assert reverse("register:import", args=[phase2.pk]) in page
    assert client.get(reverse("register:import", args=[phase2.pk])).status_code == 200
