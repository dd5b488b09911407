"""`manage.py seed_demo`: the demo of the issue (phases 1 and 2 of project ๑๙๘/๒๕๖๔), run twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db.models import Count, Min
from django.test import Client
from django.utils import timezone

from phinong.accounts.models import ApiToken, Role, User
from phinong.audit.models import AuditEvent
from phinong.centres.models import SharingCentre, StockMovement
from phinong.demo.national import seed_national
from phinong.geo.models import District, Tambon
from phinong.lib.dates import be_year
from phinong.lib.national_id import is_valid
from phinong.programmes.models import (
    Activity,
    DistrictQuota,
    Pair,
    Programme,
    ProgrammeStatus,
    ProvinceQuota,
    TargetTambon,
)
from phinong.register.models import Member, MemberRole
from phinong.reports.completeness import on_time
from phinong.reports.models import ReportState, ReportTransition, TambonReport
from phinong.reports.services import findings_for
from phinong.workshops.models import ActivityRecord, Attendance, Certificate

PASSWORD = "a-demo-password-for-tests"
DEMO_ID_PREFIX = "99"


def seed(**options: Any) -> str:
    out = StringIO()
    call_command("seed_demo", password=PASSWORD, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in (
            Programme,
            Activity,
            ProvinceQuota,
            DistrictQuota,
            TargetTambon,
            Pair,
            Member,
            User,
            ApiToken,
            AuditEvent,
        )
    }


def phase(code: str) -> Programme:
    return Programme.objects.get(code=code)


def demo_provinces() -> set[str]:
    """The provinces of the demo: those with a quota in phase 2."""
    return set(
        ProvinceQuota.objects.filter(programme__code="198/2564").values_list(
            "province_id", flat=True
        )
    )


def test_a_second_run_changes_nothing(db: None) -> None:
    seed()
    first = counts()
    versions = dict(Programme.objects.values_list("code", "version"))
    leaders = set(Member.objects.values_list("national_id", "tambon_id", "first_name"))

    seed()

    assert counts() == first  # no new rows, and no new audit noise either
    assert dict(Programme.objects.values_list("code", "version")) == versions
    assert set(Member.objects.values_list("national_id", "tambon_id", "first_name")) == leaders
    assert first["Programme"] == 2
    assert first["Member"] > 0


def test_phase_1_selected_the_first_tambon_of_every_loei_district(db: None) -> None:
    seed()
    phase1 = phase("PH1/2563")
    assert phase1.extends is None
    first_by_district = (
        Tambon.objects.filter(district__province_id="42")
        .values("district_id")
        .annotate(first=Min("code"))
    )
    expected = {row["first"] for row in first_by_district}
    assert len(expected) == District.objects.filter(province_id="42").count() == 14

    targets = set(TargetTambon.objects.filter(programme=phase1).values_list("tambon_id", flat=True))

    assert {code for code in targets if code.startswith("42")} == expected
    assert {"420101", "420201", "420301"} <= expected
    other_provinces = {code[:2] for code in targets} - {"42"}
    assert len(other_provinces) >= 2
    assert not Pair.objects.filter(programme=phase1).exists()


def test_phase_2_is_project_198_2564_extending_phase_1_with_four_activities(db: None) -> None:
    seed()
    phase2 = phase("198/2564")

    assert phase2.extends == phase("PH1/2563")
    assert phase2.status == ProgrammeStatus.ACTIVE
    assert phase2.fiscal_year == 2564
    assert phase2.leaders_per_tambon == 15
    activities = list(phase2.activities.order_by("number"))
    assert [a.number for a in activities] == [1, 2, 3, 4]
    for activity in activities:
        assert be_year(activity.due_on) == 2564
        assert activity.due_on.month in (8, 9)
        assert activity.name


def test_loei_has_a_quota_of_10_and_three_pairs_in_mueang_loei(db: None) -> None:
    seed()
    phase2 = phase("198/2564")

    assert ProvinceQuota.objects.get(programme=phase2, province_id="42").tambons == 10
    assert not DistrictQuota.objects.filter(programme=phase2, district__province_id="42").exists()
    loei_pairs = Pair.objects.filter(programme=phase2, younger__code__startswith="42")
    youngers = sorted(loei_pairs.values_list("younger_id", flat=True))
    assert len(youngers) == 3
    assert all(code.startswith("4201") for code in youngers)
    assert not TargetTambon.objects.filter(programme=phase2).exists()

    phase1_tambons = set(
        TargetTambon.objects.filter(programme__code="PH1/2563").values_list("tambon_id", flat=True)
    )
    for pair in loei_pairs:
        assert pair.elder_id in phase1_tambons
        assert pair.elder_id.startswith("42")
    leaders = dict(
        Member.objects.filter(
            programme=phase2, role=MemberRole.LEADER, tambon__code__startswith="42"
        )
        .values_list("tambon_id")
        .annotate(n=Count("pk"))
    )
    assert leaders == dict.fromkeys(youngers, 15)


def test_the_other_provinces_have_quotas_and_pairs(db: None) -> None:
    seed()
    phase2 = phase("198/2564")
    others = demo_provinces() - {"42"}

    assert len(others) >= 2
    for code in others:
        quota = ProvinceQuota.objects.get(programme=phase2, province_id=code).tambons
        pairs = Pair.objects.filter(programme=phase2, younger__code__startswith=code)
        assert 0 < pairs.count() <= quota
        for pair in pairs:
            assert pair.elder_id[:2] == code
            assert pair.members.filter(role=MemberRole.LEADER).count() == 15


def test_every_demo_national_id_is_valid_and_synthetic(db: None) -> None:
    seed()
    ids = list(Member.objects.values_list("national_id", flat=True))

    assert ids
    assert len(ids) == len(set(ids))
    for value in ids:
        assert is_valid(value), value
        assert value.startswith(DEMO_ID_PREFIX), value


def test_every_demo_user_exists_with_its_role_and_area_and_can_sign_in(db: None) -> None:
    summary = seed()
    provinces = demo_provinces()
    assert "42" in provinces

    expected = {"demo-dept": (Role.DEPT_ADMIN, "")}
    for code in provinces:
        expected[f"demo-p{code}"] = (Role.PROVINCE, code)
        for district in District.objects.filter(province_id=code):
            expected[f"demo-d{district.code}"] = (Role.DISTRICT, district.code)
    found = {
        user.username: (user.role, user.area_code)
        for user in User.objects.filter(username__in=expected)
    }

    assert found == expected
    assert len([name for name in expected if name.startswith("demo-d42")]) == 14
    for username in ("demo-dept", "demo-p42", "demo-d4201", "demo-d4214", "demo-d4501"):
        assert Client().login(username=username, password=PASSWORD), username
    assert not Client().login(username="demo-p42", password="not-the-password")
    assert "demo-dept" in summary


def test_each_paired_younger_tambon_has_a_tambon_leader_user(db: None) -> None:
    summary = seed()
    youngers = set(
        Pair.objects.filter(programme__code="198/2564").values_list("younger_id", flat=True)
    )
    leaders = {
        user.username: (user.role, user.area_code)
        for user in User.objects.filter(username__startswith="demo-t")
    }

    assert {"420102", "420103", "420104", "450102"} <= youngers
    assert leaders == {f"demo-t{code}": (Role.TAMBON, code) for code in youngers}
    for username in leaders:
        assert username in summary
        assert Client().login(username=username, password=PASSWORD), username


def test_the_demo_is_dated_inside_its_programmes(db: None) -> None:
    seed()
    phase2 = phase("198/2564")
    at_of = AuditEvent.objects.values_list("at", flat=True)

    assert at_of
    for moment in at_of:
        assert dt.date(2020, 6, 1) <= timezone.localtime(moment).date() <= phase2.ends_on
    assert all(
        timezone.localtime(moment).date() >= phase2.starts_on
        for moment in AuditEvent.objects.filter(object_type="reports.tambonreport").values_list(
            "at", flat=True
        )
    )
    for transition in ReportTransition.objects.all():
        assert phase2.starts_on <= timezone.localtime(transition.at).date() <= phase2.ends_on
    assert set(Certificate.objects.values_list("issued_on", flat=True)) == {dt.date(2021, 8, 31)}


def test_the_demo_reports_were_submitted_on_time(db: None) -> None:
    seed()
    submitted = TambonReport.objects.filter(first_submitted_at__isnull=False).select_related(
        "period"
    )

    assert {r.tambon_id for r in submitted} == {"420102", "420103", "420104"}
    for report in submitted:
        assert on_time(report, report.period), report.tambon_id


def test_a_run_with_another_password_changes_every_demo_login(db: None) -> None:
    seed()
    call_command("seed_demo", password="another-demo-password", stdout=StringIO())

    client = Client()
    assert not client.login(username="demo-d4201", password=PASSWORD)
    assert client.login(username="demo-d4201", password="another-demo-password")


def test_the_national_scale_covers_every_tambon_once_on_a_reduced_size(db: None) -> None:
    seed()
    summary = seed_national(limit=4)  # the first 4 tambons of each province: seconds, not minutes
    nat1, nat2 = phase("NAT-1"), phase("NAT-2")
    pairs = Pair.objects.filter(programme=nat2)
    elders = set(TargetTambon.objects.filter(programme=nat1).values_list("tambon_id", flat=True))
    youngers = set(pairs.values_list("younger_id", flat=True))

    assert nat2.extends == nat1
    assert not elders & youngers
    assert len(elders | youngers) == 76 * 4  # every (kept) tambon of the 76 CDD provinces
    assert all(
        y[:2] == e[:2] and e in elders for y, e in pairs.values_list("younger_id", "elder_id")
    )
    leaders = Member.objects.filter(programme__in=[nat1, nat2], role=MemberRole.LEADER)
    assert leaders.count() == 15 * (len(elders) + len(youngers))
    assert not leaders.filter(programme=nat2, pair__isnull=True).exists()
    ids = list(leaders.values_list("national_id", flat=True))
    assert all(is_valid(value) and value.startswith(DEMO_ID_PREFIX) for value in ids)
    assert len(set(ids)) == len(ids)
    assert "NAT-2" in summary[0]

    assert Attendance.objects.filter(workshop__programme=nat2, day=2).exists()
    assert set(
        TambonReport.objects.filter(period__programme=nat2).values_list("period__number", flat=True)
    ) == {1, 2, 3, 4}
    approved = TambonReport.objects.filter(period__programme=nat2, state=ReportState.APPROVED)
    assert approved.count() > TambonReport.objects.filter(period__programme=nat2).count() / 2
    for report in approved.select_related("period")[:200]:
        assert report.version == 3
        assert report.approved_at is not None and report.first_submitted_at is not None
        assert [t.to_state for t in report.transitions.all()] == ["submitted", "approved"]
        assert not [f for f in findings_for(report) if f.level == "error"]
        assert report.households > 0 and report.hici_households <= report.households
    assert StockMovement.objects.filter(centre__tambon_id__in=youngers).exists()
    for centre in SharingCentre.objects.filter(tambon_id__in=youngers):
        for item, unit in centre.movements.values_list("item", "unit").distinct():
            assert centre.movements.of_item(item, unit).balance() >= 0
    before = counts() | {
        "reports": TambonReport.objects.count(),
        "attendance": Attendance.objects.count(),
        "records": ActivityRecord.objects.count(),
        "movements": StockMovement.objects.count(),
    }

    seed_national(limit=4)

    assert (
        counts()
        | {
            "reports": TambonReport.objects.count(),
            "attendance": Attendance.objects.count(),
            "records": ActivityRecord.objects.count(),
            "movements": StockMovement.objects.count(),
        }
        == before
    )
