"""Jobs on the web, with the immediate backend: a page starts a job, its page shows the progress
and then the file, only to the owner and the users of the area."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from conftest import Cast, add_leaders, client_for
from phinong.jobs import runners, services
from phinong.jobs.models import Job, JobKind, JobState
from phinong.jobs.tests.helpers import read, start
from phinong.programmes.models import Pair, Programme

THAI = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาิีึืุูเแโใไ"


def is_thai(text: str) -> bool:
    return any(char in THAI for char in text)


@pytest.fixture
def leaders(cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair) -> None:
    add_leaders(cast.dist_a1, phase2, "420102", 2)


def test_the_national_pdf_becomes_a_job_whose_page_offers_the_file(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    client = client_for(cast.dept)

    _response, job = start(client, f"/areas/report.pdf?programme={phase2.pk}")

    assert (job.owner, job.kind, job.area_code) == (cast.dept, JobKind.REPORT_PDF, "")
    assert job.parameters == {"programme": phase2.pk, "period": None}
    assert (job.state, job.progress, job.error) == (JobState.DONE, 100, "")
    assert job.task_id
    page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert 'id="job-download"' in html and 'http-equiv="refresh"' not in html
    assert phase2.name in html
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "private" in download["Cache-Control"] and "no-store" in download["Cache-Control"]
    assert read(download).startswith(b"%PDF")
    stored = Path(settings.MEDIA_ROOT) / job.result.name
    assert stored.is_file() and job.result.name.startswith("jobs/")
    assert job.result.name.endswith(f"report-nation-programme{phase2.pk}.pdf")


def test_a_province_workbook_is_a_job_and_a_district_pdf_comes_at_once(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    client = client_for(cast.prov_a)

    _response, job = start(client, f"/areas/42/report.xlsx?programme={phase2.pk}")
    direct = client.get(f"/areas/4201/report.pdf?programme={phase2.pk}")

    assert (job.kind, job.area_code, job.state) == (JobKind.REPORT_XLSX, "42", JobState.DONE)
    assert read(client.get(f"/jobs/{job.pk}/download/")).startswith(b"PK")  # a zip: xlsx
    assert direct.status_code == 200 and direct["Content-Type"] == "application/pdf"
    assert not Job.objects.filter(area_code="4201").exists()


def test_a_waiting_job_refreshes_its_page_and_asking_again_gives_the_same_job(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dept)
    url = f"/areas/report.xlsx?programme={phase2.pk}"

    first = client.get(url)  # the commit hooks never run here: the job stays queued
    second = client.get(url)

    assert first["Location"] == second["Location"]
    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    html = client.get(job.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert 'id="job-progress"' in html and 'id="job-download"' not in html
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_jobs_outside_the_area_are_404_and_the_area_sees_them(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    _r, nation = start(client_for(cast.dept), f"/areas/report.xlsx?programme={phase2.pk}")
    _r, loei = start(client_for(cast.prov_a), f"/areas/42/report.xlsx?programme={phase2.pk}")

    for user in (cast.prov_a, cast.dist_a1, cast.dist_b1, cast.leader_a1):
        assert client_for(user).get(f"/jobs/{nation.pk}/").status_code == 404
        assert client_for(user).get(f"/jobs/{nation.pk}/download/").status_code == 404
    for user in (cast.prov_b, cast.dist_b1, cast.dist_a1):
        assert client_for(user).get(f"/jobs/{loei.pk}/").status_code == 404
        assert client_for(user).get(f"/jobs/{loei.pk}/download/").status_code == 404
    assert (nation.state, nation.error) == (JobState.DONE, "")
    assert client_for(cast.viewer).get(f"/jobs/{nation.pk}/download/").status_code == 200
    assert client_for(cast.dept).get(f"/jobs/{loei.pk}/").status_code == 200
    listing = client_for(cast.prov_b).get("/jobs/").content.decode()
    assert f"/jobs/{loei.pk}/" not in listing and f"/jobs/{nation.pk}/" not in listing
    listing = client_for(cast.prov_a).get("/jobs/").content.decode()
    assert f"/jobs/{loei.pk}/" in listing and f"/jobs/{nation.pk}/" not in listing
    assert client_for(cast.dist_b1).get("/jobs/999999/").status_code == 404


def test_a_job_whose_programme_is_gone_fails_in_thai(cast: Cast, phase2: Programme) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.start_job(
            actor=cast.prov_a,
            kind=JobKind.REPORT_PDF,
            area_code="42",
            parameters={"programme": 999_999, "period": None},
        )

    job.refresh_from_db()
    assert job.state == JobState.FAILED and is_thai(job.error)
    html = client_for(cast.prov_a).get(job.get_absolute_url()).content.decode()
    assert 'id="job-error"' in html and job.error in html
    assert 'http-equiv="refresh"' not in html


def test_an_unexpected_error_ends_the_job_failed_with_its_number(
    cast: Cast, monkeypatch: Any
) -> None:
    def broken(job: Job, progress: runners.Progress) -> runners.Output:
        progress(40)
        raise RuntimeError("disk full")

    monkeypatch.setitem(runners.RUNNERS, JobKind.REPORT_PDF, broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.start_job(
            actor=cast.dept, kind=JobKind.REPORT_PDF, area_code="", parameters={}
        )

    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.progress == 40
    assert is_thai(job.error) and str(job.pk) in job.error and "disk" not in job.error
    assert services.execute(job.pk) == JobState.FAILED  # running it again changes nothing


@pytest.mark.parametrize("state", [JobState.QUEUED, JobState.RUNNING])
def test_a_job_silent_for_too_long_is_failed_not_left_waiting(
    cast: Cast, state: JobState, settings: Any
) -> None:
    settings.PHINONG_JOB_STALE_MINUTES = 30
    job = Job.objects.create(owner=cast.dept, kind=JobKind.REPORT_PDF, state=state)
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=31))

    html = client_for(cast.dept).get(job.get_absolute_url()).content.decode()

    job.refresh_from_db()
    assert job.state == JobState.FAILED and is_thai(job.error)
    assert 'id="job-error"' in html


def test_a_recent_running_job_is_left_running(cast: Cast) -> None:
    job = Job.objects.create(owner=cast.dept, kind=JobKind.REPORT_PDF, state=JobState.RUNNING)

    client_for(cast.dept).get(job.get_absolute_url())

    job.refresh_from_db()
    assert job.state == JobState.RUNNING


def test_a_file_missing_from_disk_is_a_404(cast: Cast, phase2: Programme, leaders: None) -> None:
    client = client_for(cast.dept)
    _r, job = start(client, f"/areas/report.xlsx?programme={phase2.pk}")
    (Path(settings.MEDIA_ROOT) / job.result.name).unlink()

    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_list_costs_the_same_few_queries_however_many_jobs(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    for code in ("42", "4201", "420102", "45", ""):
        Job.objects.create(owner=cast.dept, kind=JobKind.REPORT_XLSX, area_code=code)
    client = client_for(cast.dept)
    client.get("/jobs/")  # the session and the user, once

    with django_assert_max_num_queries(12):
        response = client.get("/jobs/")

    assert len(re.findall(r'href="/jobs/\d+/"', response.content.decode())) == 5
