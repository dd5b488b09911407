"""The report pages: every URL scoped, every write refused to read-only roles, totals at once."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import Cast, client_for, tambon
from phinong.audit.models import AuditEvent
from phinong.programmes.models import Pair, Programme
from phinong.reports import selectors, services
from phinong.reports.models import Evidence, Notification, ReportPeriod, ReportState, TambonReport

FORM = {
    "households": "๔๐",
    "villages_covered": "0",
    "partner_networks": "2",
    "expenses_reduced": "๑,๒๕๐.๕๐",
    "active_centres": "1",
    "hici_households": "5",
    "food_packs": "30",
    "narrative": "ปลูกผักสวนครัวรั้วกินได้",
    "warning_comment": "",
}


def _png() -> bytes:
    """A real 20 x 20 PNG: evidence photos are decoded and encoded again, so a bare signature is
    refused."""
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, format="PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def report_url(period: ReportPeriod, code: str = "420102") -> str:
    return reverse("reports:tambon", args=[period.programme_id, period.pk, code])


def saved(cast: Cast, period: ReportPeriod) -> TambonReport:
    return services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values={"households": 40, "expenses_reduced": "1250.50", "narrative": "x"},
    )


def test_the_district_fills_in_a_report_with_thai_digits(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    client = client_for(cast.dist_a1)
    page = client.get(report_url(period))
    assert page.status_code == 200 and 'id="report-form"' in page.content.decode()

    response = client.post(report_url(period), FORM | {"version": "0"})

    assert response.status_code == 302
    report = TambonReport.objects.get(tambon_id="420102")
    assert (report.households, str(report.expenses_reduced), report.version) == (40, "1250.50", 1)
    assert AuditEvent.objects.filter(action="report.create", object_id=str(report.pk)).exists()


def test_a_conflicting_save_shows_both_versions_and_overwrites_nothing(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    other = client_for(cast.dist_a1)
    other.post(report_url(period), FORM | {"households": "50", "version": str(report.version)})

    response = client_for(cast.dist_a1).post(
        report_url(period), FORM | {"households": "60", "version": str(report.version)}
    )

    html = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in html
    assert "50" in html and 'value="60"' in html
    report.refresh_from_db()
    assert report.households == 50


def test_the_department_total_changes_as_soon_as_the_province_approves(
    cast: Cast, phase2: Programme, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    nation = reverse("reports:nation", args=[phase2.pk]) + f"?period={period.pk}"
    dept = client_for(cast.dept)
    assert dept.get(nation).context["totals"]["households"] == 0

    client_for(cast.dist_a1).post(
        reverse("reports:move", args=[report.pk]), {"move": "submit", "version": report.version}
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert dept.get(nation).context["totals"]["households"] == 0  # not approved yet

    client_for(cast.prov_a).post(
        reverse("reports:move", args=[report.pk]), {"move": "approve", "version": report.version}
    )
    totals = dept.get(nation).context["totals"]
    assert (totals["reports"], totals["households"]) == (1, 40)


def test_the_province_reminds_late_districts_by_mail_and_in_the_app(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    pair_b1: Pair,
    period: ReportPeriod,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast.dist_a1.email = "mueang-loei@example.go.th"
    cast.dist_a1.save()
    assert period.due_on < timezone.localdate()
    page = client_for(cast.prov_a).get(
        reverse("reports:area", args=[phase2.pk, "42"]) + f"?period={period.pk}"
    )
    assert 'id="remind-form"' in page.content.decode()
    assert page.context["overdue"][0].code == "420102"  # the province sees which tambon is late

    with django_capture_on_commit_callbacks(
        execute=True
    ):  # the mail goes once the reminders are saved
        response = client_for(cast.prov_a).post(
            reverse("reports:remind", args=[phase2.pk, period.pk]), {"area": "42"}
        )

    assert response.status_code == 302
    [note] = Notification.objects.all()
    assert note.user == cast.dist_a1 and "เมือง" in note.message
    assert not Notification.objects.filter(user=cast.dist_b1).exists()  # Roi Et is not Loei's
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mueang-loei@example.go.th"]
    inbox = client_for(cast.dist_a1).get(reverse("reports:notifications")).content.decode()
    assert note.message in inbox


def test_evidence_accepts_photos_and_pdf_only(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    client = client_for(cast.dist_a1)
    url = reverse("reports:evidence_add", args=[report.pk])
    client.post(url, {"file": SimpleUploadedFile("แปลงผัก.png", PNG)})
    client.post(url, {"file": SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image")})
    assert list(Evidence.objects.values_list("name", "content_type")) == [
        ("แปลงผัก.png", "image/png")
    ]
    evidence = Evidence.objects.get()
    assert client.get(reverse("reports:evidence", args=[evidence.pk])).status_code == 200
    assert (
        client_for(cast.dist_b1).get(reverse("reports:evidence", args=[evidence.pk])).status_code
        == 404
    )


def test_periods_are_made_from_the_activities_by_the_department(
    cast: Cast, phase2: Programme
) -> None:
    url = reverse("reports:periods", args=[phase2.pk])
    assert client_for(cast.dist_a1).post(url, {"how": "activities"}).status_code == 403
    client_for(cast.dept).post(url, {"how": "activities"})
    due = list(ReportPeriod.objects.filter(programme=phase2).values_list("due_on", flat=True))
    assert due == [
        dt.date(2021, 8, 15),
        dt.date(2021, 8, 31),
        dt.date(2021, 9, 30),
        dt.date(2021, 9, 30),
    ]


def every_url(
    phase2: Programme, period: ReportPeriod, report: TambonReport, evidence: Evidence
) -> list[str]:
    return [
        reverse("reports:area", args=[phase2.pk, "4201"]),
        reverse("reports:area", args=[phase2.pk, "420102"]),
        report_url(period),
        reverse("reports:move", args=[report.pk]),
        reverse("reports:evidence_add", args=[report.pk]),
        reverse("reports:evidence", args=[evidence.pk]),
    ]


@pytest.fixture
def evidence(cast: Cast, pair_a1: Pair, period: ReportPeriod) -> Evidence:
    report = saved(cast, period)
    return services.add_evidence(
        actor=cast.dist_a1, report=report, upload=SimpleUploadedFile("a.png", PNG)
    )


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_every_report_url_is_404_outside_the_area(
    cast: Cast, phase2: Programme, period: ReportPeriod, evidence: Evidence, who: str
) -> None:
    report = evidence.report
    client = client_for(getattr(cast, who))
    post_only = {
        reverse("reports:move", args=[report.pk]),
        reverse("reports:evidence_add", args=[report.pk]),
    }
    for url in every_url(phase2, period, report, evidence):
        if url not in post_only:
            assert client.get(url).status_code == 404, url
        assert (
            client.post(url, FORM | {"move": "submit", "version": report.version}).status_code
            == 404
        ), url
    report.refresh_from_db()
    assert (report.state, report.version, report.evidence.count()) == (ReportState.DRAFT, 1, 1)


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_every_report_write_is_403_for_a_role_that_only_reads(
    cast: Cast, phase2: Programme, period: ReportPeriod, evidence: Evidence, who: str
) -> None:
    report = evidence.report
    client = client_for(getattr(cast, who))
    assert client.get(report_url(period)).status_code == 200
    assert client.post(report_url(period), FORM | {"version": "1"}).status_code == 403
    assert (
        client.post(report_url(period), FORM | {"version": "1", "move": "submit"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("reports:move", args=[report.pk]), {"move": "submit", "version": 1}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("reports:evidence_add", args=[report.pk]),
            {"file": SimpleUploadedFile("b.png", PNG)},
        ).status_code
        == 403
    )
    report.refresh_from_db()
    assert (report.state, report.version, report.evidence.count()) == (ReportState.DRAFT, 1, 1)


def test_a_district_cannot_remind_and_a_province_only_its_own(
    cast: Cast, phase2: Programme, period: ReportPeriod, pair_a1: Pair
) -> None:
    url = reverse("reports:remind", args=[phase2.pk, period.pk])
    assert client_for(cast.dist_a1).post(url, {"area": "4201"}).status_code == 403
    assert client_for(cast.prov_b).post(url, {"area": "42"}).status_code == 404
    assert client_for(cast.prov_b).post(url, {"area": ""}).status_code == 404
    assert not Notification.objects.exists()


def test_the_nation_page_sends_others_to_their_own_area(
    cast: Cast, phase2: Programme, period: ReportPeriod
) -> None:
    response = client_for(cast.dist_a1).get(reverse("reports:nation", args=[phase2.pk]))
    assert response.status_code == 302 and response["Location"].endswith("/areas/4201/")


# No lost edits ---------------------------------------------------------------------------------


def test_submit_keeps_what_was_typed_since_the_last_save(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)

    response = client_for(cast.dist_a1).post(
        report_url(period),
        FORM
        | {
            "households": "๔๕",
            "hici_households": "80",  # more than households: a warning
            "warning_comment": "รวมครัวเรือนนอกโครงการ",  # typed, never saved before
            "version": str(report.version),
            "move": "submit",
        },
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.households, report.warning_comment) == (
        ReportState.SUBMITTED,
        45,
        "รวมครัวเรือนนอกโครงการ",
    )


def test_a_submit_refused_for_a_missing_comment_saves_nothing_and_keeps_the_typing(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)

    response = client_for(cast.dist_a1).post(
        report_url(period),
        FORM
        | {
            "households": "45",
            "hici_households": "80",
            "narrative": "เพิ่งพิมพ์",
            "version": str(report.version),
            "move": "submit",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "warning_comment" in form.errors
    html = response.content.decode()
    assert 'value="45"' in html and "เพิ่งพิมพ์" in html and "data-unsaved" in html
    assert [f.field for f in response.context["findings"]] == ["hici_households"]
    fresh = TambonReport.objects.get(pk=report.pk)
    assert (fresh.state, fresh.households, fresh.narrative, fresh.version) == (
        ReportState.DRAFT,
        40,
        "x",
        report.version,
    )


def test_an_invalid_form_is_neither_saved_nor_submitted(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    response = client_for(cast.dist_a1).post(
        report_url(period), FORM | {"households": "", "version": "0", "move": "submit"}
    )

    assert response.status_code == 200 and "households" in response.context["form"].errors
    assert 'value="๑,๒๕๐.๕๐"' in response.content.decode()  # what was typed stays
    assert not TambonReport.objects.exists()


def test_a_new_report_starts_empty_and_the_submit_button_is_on_the_form(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    html = client_for(cast.dist_a1).get(report_url(period)).content.decode()
    assert 'name="households" value' not in html  # empty, not 0
    assert 'name="move" value="submit"' in html

    client_for(cast.dist_a1).post(report_url(period), FORM | {"version": "0", "move": "submit"})
    assert TambonReport.objects.get().state == ReportState.SUBMITTED


def test_a_figure_left_blank_is_an_error_and_zero_is_a_figure(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    client = client_for(cast.dist_a1)
    blank = client.post(report_url(period), FORM | {"food_packs": "", "version": "0"})
    assert blank.status_code == 200
    assert "food_packs" in blank.context["form"].errors
    assert not TambonReport.objects.exists()

    zero = client.post(report_url(period), FORM | {"food_packs": "0", "version": "0"})
    assert zero.status_code == 302
    assert TambonReport.objects.get().food_packs == 0


def test_the_province_reason_for_returning_is_at_the_top_of_the_report(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    report = services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    services.move(
        actor=cast.prov_a,
        report=report,
        name="return",
        expected_version=report.version,
        reason="จำนวนครัวเรือนไม่ตรงกับทะเบียน",
    )

    html = client_for(cast.dist_a1).get(report_url(period)).content.decode()

    box = html.index('id="return-reason"')
    assert box < html.index('id="report-form"')
    assert html.index("จำนวนครัวเรือนไม่ตรงกับทะเบียน") < html.index('id="report-form"')
    assert "prov-a" in html[box : html.index('id="report-form"')]


def test_a_reason_over_its_limit_is_refused_naming_the_limit_and_kept(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    report = services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    long_reason = "ก" * 2001

    response = client_for(cast.prov_a).post(
        reverse("reports:move", args=[report.pk]),
        {"move": "return", "version": report.version, "reason": long_reason},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "๒,๐๐๐" in html and "๒,๐๐๑" in html  # the limit and the length, in Thai digits
    assert f"{long_reason}</textarea>" in html
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_missing_reason_is_asked_for_beside_the_field(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    report = services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    response = client_for(cast.prov_a).post(
        reverse("reports:move", args=[report.pk]),
        {"move": "return", "version": report.version, "reason": "  "},
    )
    assert response.status_code == 200
    [(_move, form)] = [(m, f) for m, f in response.context["moves"] if m.name == "return"]
    assert "reason" in form.errors


def test_every_textarea_of_the_report_carries_and_shows_its_maxlength(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    import re

    report = saved(cast, period)
    district = client_for(cast.dist_a1).get(report_url(period)).content.decode()
    services.move(actor=cast.dist_a1, report=report, name="submit", expected_version=report.version)
    province = client_for(cast.prov_a).get(report_url(period)).content.decode()

    for html in (district, province):
        textareas = re.findall(r"<textarea[^>]*>", html)
        assert textareas
        for tag in textareas:
            assert re.search(r'maxlength="\d+"', tag), tag
            area_id = re.search(r'id="([^"]+)"', tag)
            assert area_id and f'data-limit-for="{area_id.group(1)}"' in html, tag


def test_the_province_sees_how_many_reports_await_its_approval(
    cast: Cast, phase2: Programme, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = saved(cast, period)
    services.move(actor=cast.dist_a1, report=report, name="submit", expected_version=report.version)
    page = client_for(cast.prov_a).get(
        reverse("reports:area", args=[phase2.pk, "42"]) + f"?period={period.pk}"
    )
    assert [(r.code, r.awaiting) for r in page.context["rows"]] == [("4201", 1)]
    assert page.context["total"].awaiting == 1


def test_a_district_submit_notifies_the_province_and_a_return_the_district(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, django_capture_on_commit_callbacks: Any
) -> None:
    cast.prov_a.email = "loei@example.go.th"
    cast.prov_a.save()
    report = saved(cast, period)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.dist_a1).post(
            report_url(period), FORM | {"version": str(report.version), "move": "submit"}
        )
    assert Notification.objects.get().user == cast.prov_a
    assert mail.outbox[-1].to == ["loei@example.go.th"]

    report.refresh_from_db()
    client_for(cast.prov_a).post(
        reverse("reports:move", args=[report.pk]),
        {"move": "return", "version": report.version, "reason": "ขาดรูปถ่าย"},
    )
    note = Notification.objects.get(user=cast.dist_a1)
    assert "ขาดรูปถ่าย" in note.message
    inbox = client_for(cast.dist_a1).get(reverse("reports:notifications")).content.decode()
    assert "ขาดรูปถ่าย" in inbox


# Queries: the pages of deadline day read each thing once ------------------------------------


def more_pairs(cast: Cast, programme: Programme, codes: list[str]) -> None:
    """Younger tambons in district 4201, paired with 420101, the province's quota raised to fit."""
    from phinong.geo.models import Province
    from phinong.programmes import services as programme_services

    programme_services.set_province_quota(
        actor=cast.dept,
        programme=programme,
        province=Province.objects.get(code="42"),
        tambons=Pair.objects.filter(programme=programme).count() + len(codes),
    )
    for code in codes:
        programme_services.create_pair(
            actor=cast.dist_a1, programme=programme, younger=tambon(code), elder=tambon("420101")
        )


def test_the_districts_reports_page_makes_the_same_few_queries_however_many_tambons(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, django_assert_num_queries: Any
) -> None:
    """Session, user, programme, district, periods, their reports (once, for the counts, the
    rows and this period's approved sums), the reporting tambons with their names and every
    period's approved sums (the unread count comes with the user)."""
    client = client_for(cast.dist_a1)
    url = reverse("reports:area", args=[pair_a1.programme_id, "4201"])
    saved(cast, period)
    with django_assert_num_queries(8):
        page = client.get(url, {"period": period.pk})
    assert [row.code for row, _report, _status in page.context["tambons"]] == ["420102"]

    more_pairs(cast, pair_a1.programme, ["420103", "420104", "420105"])
    with django_assert_num_queries(8):
        page = client.get(url, {"period": period.pk})
    assert [row.code for row, _report, _status in page.context["tambons"]] == [
        "420102",
        "420103",
        "420104",
        "420105",
    ]
    assert page.context["periods"] == list(ReportPeriod.objects.filter(programme=period.programme))
    assert (page.context["total"].expected, page.context["total"].missing) == (4, 4)
    [(_row, draft, _status)] = [t for t in page.context["tambons"] if t[0].code == "420102"]
    assert draft.state == ReportState.DRAFT and draft.households == 40


def test_the_districts_sums_of_a_period_are_those_of_the_approved_reports(
    cast: Cast, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    """The district's page sums the period's reports it read; the sums agree with SQL's."""
    programme = pair_a1.programme
    more_pairs(cast, programme, ["420103"])
    for code, households, expenses in (("420102", 40, "1250.55"), ("420103", 7, "0.50")):
        report = services.save_report(
            actor=cast.dist_a1,
            period=periods[0],
            tambon=tambon(code),
            expected_version=0,
            values={"households": households, "expenses_reduced": expenses, "narrative": "x"},
        )
        report = services.move(
            actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
        )
        if code == "420102":
            services.move(
                actor=cast.prov_a, report=report, name="approve", expected_version=report.version
            )
    client = client_for(cast.dist_a1)
    url = reverse("reports:area", args=[programme.pk, "4201"])

    for period in periods[:2]:
        page = client.get(url, {"period": period.pk})
        every, one = selectors.approved_totals_with_period(programme, "4201", period)
        assert page.context["totals"] == one
        assert page.context["totals_all"] == every
    assert page.context["totals"]["expenses_reduced"] == Decimal(0)
    first = client.get(url, {"period": periods[0].pk}).context["totals"]
    assert (first["reports"], first["households"], first["expenses_reduced"]) == (
        1,
        40,
        Decimal("1250.55"),
    )


def test_the_tambon_report_reads_its_programme_and_period_once(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, django_assert_num_queries: Any
) -> None:
    """Session, user, the period with its programme, the tambon (if it reports in the
    programme), the report (with the findings' previous report and villages, and whether it has
    evidence: it has none), its moves and its history (the unread count comes with the user)."""
    report = saved(cast, period)
    report = services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    client = client_for(cast.dist_a1)
    with django_assert_num_queries(7):
        page = client.get(report_url(period))
    assert len(page.context["transitions"]) == 1

    report = services.move(
        actor=cast.prov_a,
        report=report,
        name="return",
        expected_version=report.version,
        reason="ตรวจตัวเลขอีกครั้ง",
    )
    services.move(
        actor=cast.dist_a1, report=report, name="resubmit", expected_version=report.version
    )
    with django_assert_num_queries(7):
        page = client.get(report_url(period))
    assert len(page.context["transitions"]) == 3
    assert page.context["report"].state == ReportState.SUBMITTED


def test_a_saving_post_reads_no_findings_or_history_it_does_not_show(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, django_assert_max_num_queries: Any
) -> None:
    saved(cast, period)
    client = client_for(cast.dist_a1)
    form = client.get(report_url(period)).context["form"]
    data = FORM | {"version": str(form.initial["version"])}
    with django_assert_max_num_queries(30) as captured:
        response = client.post(report_url(period), data)
    assert response.status_code == 302
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    # the findings of the saved version: not shown, not read (the villages counted in the
    # report's own query, for the page, are no query of their own)
    assert 'FROM "geo_village" WHERE' not in sql
    assert TambonReport.objects.get(period=period, tambon_id="420102").households == 40


def test_the_report_page_is_404_for_a_tambon_that_does_not_report_or_no_tambon(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    client = client_for(cast.dist_a1)
    assert client.get(report_url(period)).status_code == 200
    for code in ("420103", "4201", "42010x", "4201020", "420299"):
        assert client.get(report_url(period, code)).status_code == 404, code


def test_the_report_page_lists_its_evidence_and_its_latest_return(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, evidence: Evidence
) -> None:
    report = services.move(
        actor=cast.dist_a1,
        report=evidence.report,
        name="submit",
        expected_version=evidence.report.version,
    )
    for reason in ("ครั้งแรก", "ครั้งที่สอง"):
        report = services.move(
            actor=cast.prov_a,
            report=report,
            name="return",
            expected_version=report.version,
            reason=reason,
        )
        if reason == "ครั้งแรก":
            report = services.move(
                actor=cast.dist_a1, report=report, name="resubmit", expected_version=report.version
            )

    page = client_for(cast.dist_a1).get(report_url(period))

    assert [e.pk for e in page.context["evidence"]] == [evidence.pk]
    assert evidence.name in page.content.decode()
    assert page.context["returned"].reason == "ครั้งที่สอง"
    assert len(page.context["transitions"]) == 4


def test_saving_submitting_and_returning_make_few_queries_and_name_the_report(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, django_assert_max_num_queries: Any
) -> None:
    """The audit label and the notifications name the tambon and period the page read already.
    On PostgreSQL each write that changes a tally also takes the tambons' turn (one query)."""
    lock = 1 if connection.vendor == "postgresql" else 0
    client = client_for(cast.dist_a1)
    with django_assert_max_num_queries(18 + lock):  # created: the dashboards' tallies follow
        assert client.post(report_url(period), FORM | {"version": "0"}).status_code == 302
    report = TambonReport.objects.get(period=period, tambon_id="420102")
    with django_assert_max_num_queries(12 + lock):
        response = client.post(
            report_url(period), FORM | {"version": str(report.version), "households": "41"}
        )
    assert response.status_code == 302
    report.refresh_from_db()
    # saved (a change: audited), then submitted: the province's officers get their notification
    # and their badge's count goes up (one UPDATE; no page counts the inbox)
    with django_assert_max_num_queries(30 + lock):
        response = client.post(
            report_url(period),
            FORM | {"version": str(report.version), "move": "submit", "warning_comment": "ok"},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    province = client_for(cast.prov_a)
    with django_assert_max_num_queries(19 + lock):  # the district's badges counted up: one UPDATE
        response = province.post(
            reverse("reports:move", args=[report.pk]),
            {"move": "return", "version": report.version, "reason": "ตรวจอีกครั้ง"},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    label = str(report)
    events = AuditEvent.objects.filter(action__startswith="report.").order_by("pk")
    assert [(e.action, e.object_label) for e in events] == [
        ("report.create", label),
        ("report.update", label),
        ("report.update", label),
        ("report.submit", label),
        ("report.return", label),
    ]
    messages = list(Notification.objects.order_by("pk").values_list("message_en", flat=True))
    assert len(messages) >= 2 and all(report.tambon.name_th in m for m in messages)
    assert all(report.period.name in m for m in messages)
