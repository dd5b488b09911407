"""Telling the next person: each move of a report notifies who acts next, in the app and by mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from conftest import Cast, make_user, tambon
from phinong.accounts.models import Role
from phinong.programmes.models import Pair
from phinong.reports import services
from phinong.reports.models import Notification, ReportPeriod, TambonReport

FIGURES = {
    "households": 40,
    "villages_covered": 0,
    "partner_networks": 2,
    "expenses_reduced": "1250.50",
    "active_centres": 1,
    "hici_households": 5,
    "food_packs": 30,
}


@pytest.fixture
def emails(cast: Cast) -> None:
    for user, address in (
        (cast.prov_a, "loei@example.go.th"),
        (cast.prov_b, "roiet@example.go.th"),
        (cast.dist_a1, "mueang-loei@example.go.th"),
        (cast.dist_a2, "na-duang@example.go.th"),
    ):
        user.email = address
        user.save()


def draft(cast: Cast, period: ReportPeriod) -> TambonReport:
    return services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values=FIGURES,
    )


def moved(report: TambonReport, actor: Any, name: str, reason: str = "") -> TambonReport:
    return services.move(
        actor=actor, report=report, name=name, expected_version=report.version, reason=reason
    )


def test_a_submission_notifies_the_province_officers_in_the_app_and_by_mail_after_commit(
    cast: Cast,
    pair_a1: Pair,
    period: ReportPeriod,
    emails: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    second = make_user("prov-a-2", Role.PROVINCE, "42")  # no email: notified in the app only
    report = draft(cast, period)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moved(report, cast.dist_a1, "submit")
    assert not mail.outbox  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    notes = Notification.objects.order_by("user__username")
    assert [n.user for n in notes] == [cast.prov_a, second]
    assert "เมือง" in notes[0].message and notes[0].link.endswith(
        f"/periods/{period.pk}/tambons/420102/"
    )
    assert [m.to for m in mail.outbox] == [["loei@example.go.th"]]
    assert mail.outbox[0].body == notes[0].message
    assert not Notification.objects.filter(user__in=[cast.prov_b, cast.dist_a1]).exists()


def test_a_return_tells_the_district_why(
    cast: Cast,
    pair_a1: Pair,
    period: ReportPeriod,
    emails: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = moved(draft(cast, period), cast.dist_a1, "submit")
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        moved(report, cast.prov_a, "return", "จำนวนครัวเรือนไม่ตรงกับทะเบียน")

    [note] = Notification.objects.all()
    assert note.user == cast.dist_a1  # not Na Duang's officer, nor the province
    assert "จำนวนครัวเรือนไม่ตรงกับทะเบียน" in note.message
    assert [m.to for m in mail.outbox][-1] == ["mueang-loei@example.go.th"]
    assert "จำนวนครัวเรือนไม่ตรงกับทะเบียน" in mail.outbox[-1].body


def test_approval_and_reopening_notify_the_district(
    cast: Cast,
    pair_a1: Pair,
    period: ReportPeriod,
    emails: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = moved(draft(cast, period), cast.dist_a1, "submit")
    with django_capture_on_commit_callbacks(execute=True):
        report = moved(report, cast.prov_a, "approve")
        moved(report, cast.prov_a, "reopen", "แก้ตัวเลขค่าใช้จ่าย")

    messages = list(
        Notification.objects.filter(user=cast.dist_a1)
        .order_by("id")
        .values_list("message", flat=True)
    )
    assert len(messages) == 2 and "แก้ตัวเลขค่าใช้จ่าย" in messages[1]
    assert [m.to for m in mail.outbox][-2:] == [["mueang-loei@example.go.th"]] * 2


def test_a_refused_move_notifies_no_one(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, emails: None
) -> None:
    report = moved(draft(cast, period), cast.dist_a1, "submit")
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):  # the reason is missing
        moved(report, cast.prov_a, "return")
    assert not Notification.objects.exists()


def test_the_inbox_shows_the_message_in_the_readers_language(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    from conftest import client_for

    moved(draft(cast, period), cast.dist_a1, "submit")
    note = Notification.objects.get(user=cast.prov_a)
    assert "รายงาน" in note.message and "report" in note.message_en
    client = client_for(cast.prov_a)

    thai = client.get("/reports/notifications/").content.decode()

    assert note.message in thai and note.message_en not in thai
    client.cookies["django_language"] = "en"
    english = client.get("/reports/notifications/").content.decode()
    assert note.message_en in english and note.message not in english


def test_the_badge_counts_what_arrives_and_what_is_read_without_counting_the_inbox(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import client_for
    from phinong.reports.notify import recount

    report = moved(draft(cast, period), cast.dist_a1, "submit")
    moved(report, cast.prov_a, "return", reason="แก้ตัวเลข")
    cast.prov_a.refresh_from_db()
    cast.dist_a1.refresh_from_db()
    assert (cast.prov_a.unread_notifications, cast.dist_a1.unread_notifications) == (1, 1)
    client = client_for(cast.dist_a1)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/reports/notifications/").content.decode()
    assert 'id="nav-notifications"' in page and '<span class="badge partial">๑</span>' in page
    assert not any("COUNT(" in q["sql"] and "notification" in q["sql"] for q in queries)

    client.post("/reports/notifications/")
    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.unread_notifications == 0
    assert 'class="badge' not in client.get("/reports/notifications/").content.decode()
    Notification.objects.filter(user=cast.prov_a).update(read_at=None)
    Notification.objects.create(user=cast.prov_a, message="ทดสอบ")  # outside notify: recount
    recount(cast.prov_a.pk)
    cast.prov_a.refresh_from_db()
    assert cast.prov_a.unread_notifications == 2
