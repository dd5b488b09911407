"""The reminder mails and a province's booklet, as jobs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import TestCase

from conftest import Cast, client_for, tambon
from phinong.jobs import services
from phinong.jobs.models import Job, JobKind, JobState
from phinong.jobs.tests.helpers import read, start
from phinong.lessons import services as lessons
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as reports
from phinong.reports.models import ReportPeriod


@pytest.fixture
def period(cast: Cast, phase2: Programme) -> ReportPeriod:
    """The first period of phase 2, due 15 Aug 2564: long overdue."""
    return reports.periods_from_activities(actor=cast.dept, programme=phase2)[0]


def test_reminders_are_mailed_by_a_job_the_officer_can_follow(
    cast: Cast, phase2: Programme, pair_a1: Pair, period: ReportPeriod
) -> None:
    cast.dist_a1.email = "mueang-loei@example.go.th"
    cast.dist_a1.save()

    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(cast.prov_a).post(
            f"/reports/{phase2.pk}/periods/{period.pk}/remind/", {"area": "42"}
        )

    job = Job.objects.get()
    assert (job.kind, job.owner, job.area_code) == (JobKind.REMINDER_MAILS, cast.prov_a, "42")
    assert job.state == JobState.DONE and job.summary
    assert [m.to for m in mail.outbox] == [["mueang-loei@example.go.th"]]
    assert job.summary in client_for(cast.prov_a).get(job.get_absolute_url()).content.decode()


def test_a_mail_that_cannot_go_fails_the_job_naming_the_address(
    cast: Cast, monkeypatch: Any
) -> None:
    def refuse(self: Any, fail_silently: bool = False) -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.start_job(
            actor=cast.prov_a,
            kind=JobKind.REMINDER_MAILS,
            area_code="42",
            parameters={"mails": [["เรื่อง", "ข้อความ", "a@example.go.th", ["b@example.go.th"]]]},
        )

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "b@example.go.th" in job.error and "ส่ง" in job.error


def test_a_provinces_booklet_is_a_job_and_a_districts_comes_at_once(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    lesson = lessons.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "ตำบลเมืองเริ่มทำธนาคารอาหารชุมชน"},
    )
    lessons.publish(actor=cast.prov_a, lesson=lesson, expected_version=lesson.version)
    client = client_for(cast.prov_a)

    _r, job = start(client, f"/lessons/{phase2.pk}/areas/42/booklet.pdf")
    district = client.get(f"/lessons/{phase2.pk}/areas/4201/booklet.pdf")

    assert (job.kind, job.area_code, job.state) == (JobKind.BOOKLET, "42", JobState.DONE)
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment;")
    assert read(download).startswith(b"%PDF")
    assert district["Content-Type"] == "application/pdf"
    assert client_for(cast.dist_b1).get(f"/jobs/{job.pk}/").status_code == 404
