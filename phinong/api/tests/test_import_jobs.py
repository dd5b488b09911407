"""A large register file confirmed through the API is written by a job (issue 12), as on the web:
200 with the import's answer where no worker is needed, else 202 and GET /jobs/{job_id} until done.

PHINONG_IMPORT_JOB_ROWS is set low, so the 15-row file counts as large. The database backend's
tests commit (transaction=True): the worker reads what the request committed.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from conftest import Cast
from phinong.api.auth import issue_token
from phinong.jobs.models import Job, JobKind, JobState
from phinong.programmes.models import Programme
from phinong.register.models import Member, PendingUpload
from phinong.register.tests.sheetmaker import row, xlsx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _large_from_ten_rows(settings: Any, tmp_path: Any) -> None:
    settings.PHINONG_IMPORT_JOB_ROWS = 10
    settings.MEDIA_ROOT = tmp_path / "media"


def api(user: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {issue_token(user)}"})


def uploaded(client: Client, programme: Programme, rows: list[dict[str, Any]]) -> str:
    answer = client.post(
        f"/api/v1/programmes/{programme.pk}/imports",
        {"file": SimpleUploadedFile("register.xlsx", xlsx(rows))},
    )
    assert answer.status_code == 201, answer.content
    return str(answer.json()["import_id"])


def confirm(client: Client, programme: Programme, token: str, **body: Any) -> Any:
    return client.post(
        f"/api/v1/programmes/{programme.pk}/imports/{token}/confirm",
        body,
        content_type="application/json",
    )


def rows15() -> list[dict[str, Any]]:
    return [row(seq=n) for n in range(1, 16)]


def test_without_a_worker_the_answer_is_the_imports_own(cast: Cast, phase2: Programme) -> None:
    client = api(cast.dist_a1)
    token = uploaded(client, phase2, rows15())

    answer = confirm(client, phase2, token)

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["import_id"], body["rows"], body["created"], body["written"]) == (
        token,
        15,
        15,
        True,
    )
    job = Job.objects.get()
    assert (job.kind, job.state, job.owner) == (
        JobKind.REGISTER_IMPORT,
        JobState.DONE,
        cast.dist_a1,
    )
    assert Member.objects.filter(tambon_id="420103").count() == 15
    assert not PendingUpload.objects.exists()


def test_with_a_worker_the_job_is_read_until_done(
    cast: Cast, phase2: Programme, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = api(cast.dist_a1)
    token = uploaded(client, phase2, rows15())

    answer = confirm(client, phase2, token)

    assert answer.status_code == 202, answer.content
    job = answer.json()
    assert answer["Location"] == f"/api/v1/jobs/{job['id']}"
    assert (job["state"], job["outcome"], job["download"]) == ("queued", {}, None)
    assert not Member.objects.exists()
    again = confirm(client, phase2, token, valid_only=True)  # a second, impatient call
    assert again.status_code == 202 and again.json()["id"] == job["id"]

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, stdout=StringIO())

    done = client.get(answer["Location"]).json()
    assert (done["state"], done["progress"], done["error"]) == ("done", 100, "")
    assert done["outcome"]["created"] == 15 and done["outcome"]["written"] is True
    assert "๑๕" in done["summary"]
    assert Member.objects.filter(tambon_id="420103").count() == 15
    province = api(cast.prov_a).get(answer["Location"])  # the area's province sees the job,
    assert province.status_code == 200 and province.json()["outcome"] == {}  # not what it found
    assert api(cast.dist_b1).get(answer["Location"]).status_code == 404


def test_refused_rows_answer_as_for_a_small_file_and_the_upload_waits(
    cast: Cast, phase2: Programme
) -> None:
    client = api(cast.dist_a1)
    rows = rows15()
    rows[2]["national_id"] = "1234"
    token = uploaded(client, phase2, rows)

    answer = confirm(client, phase2, token)

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["written"] is False and [r["row"] for r in body["rejected"]] == [6]
    job = Job.objects.get()
    assert job.state == JobState.FAILED and any("ก" <= c <= "ฮ" for c in job.error)
    assert not Member.objects.exists() and PendingUpload.objects.filter(token=token).exists()
    written = confirm(client, phase2, token, valid_only=True)
    assert written.status_code == 200 and written.json()["created"] == 14


def test_a_job_that_fails_otherwise_answers_400_with_its_reason(
    cast: Cast, phase2: Programme
) -> None:
    client = api(cast.dist_a1)
    token = uploaded(client, phase2, rows15())
    Programme.objects.filter(pk=phase2.pk).update(status="closed")

    answer = confirm(client, phase2, token)

    assert answer.status_code == 400, answer.content
    assert Job.objects.get().error in str(answer.json()["errors"]["file"])
