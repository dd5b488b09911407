"""The report's workflow as a state machine, its rules, and lost updates."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Cast, tambon
from phinong.audit.models import AuditEvent
from phinong.core.errors import ConflictError
from phinong.geo.models import Village
from phinong.programmes.models import Pair
from phinong.reports import services, workflow
from phinong.reports.models import ReportPeriod, ReportState, TambonReport

FIGURES = {
    "households": 40,
    "villages_covered": 0,
    "partner_networks": 2,
    "expenses_reduced": "12500.50",
    "active_centres": 1,
    "hici_households": 5,
    "food_packs": 30,
    "narrative": "ปลูกผักสวนครัว",
}
STATES = [s.value for s in ReportState]


def draft(cast: Cast, period: ReportPeriod, **values: Any) -> TambonReport:
    return services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values=FIGURES | values,
    )


def in_state(cast: Cast, period: ReportPeriod, state: str) -> TambonReport:
    """A report of 420102 brought to `state` through the real moves."""
    report = draft(cast, period)
    path = {
        "draft": [],
        "submitted": [("submit", cast.dist_a1)],
        "approved": [("submit", cast.dist_a1), ("approve", cast.prov_a)],
        "returned": [("submit", cast.dist_a1), ("return", cast.prov_a)],
    }[state]
    for name, actor in path:
        report = services.move(
            actor=actor,
            report=report,
            name=name,
            expected_version=report.version,
            reason="ขาดหลักฐาน",
        )
    assert report.state == state
    return report


WHO = {
    "submit": "dist_a1",
    "resubmit": "dist_a1",
    "approve": "prov_a",
    "return": "prov_a",
    "reopen": "prov_a",
}


@pytest.mark.parametrize("move", workflow.MOVES, ids=lambda m: m.name)
def test_every_allowed_move(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, move: workflow.Move
) -> None:
    report = in_state(cast, period, move.source)
    moved = services.move(
        actor=getattr(cast, WHO[move.name]),
        report=report,
        name=move.name,
        expected_version=report.version,
        reason="ตัวเลขไม่ตรงกับหลักฐาน",
    )
    assert moved.state == move.target
    last = moved.transitions.last()
    assert last is not None and last.to_state == move.target
    assert AuditEvent.objects.filter(
        action=f"report.{move.name}", object_id=str(report.pk)
    ).exists()


DISALLOWED = [
    (state, move.name) for state in STATES for move in workflow.MOVES if move.source != state
]


@pytest.mark.parametrize(("state", "name"), DISALLOWED)
def test_every_other_move_is_refused(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, state: str, name: str
) -> None:
    report = in_state(cast, period, state)
    with pytest.raises(ValidationError):
        services.move(
            actor=cast.dept, report=report, name=name, expected_version=report.version, reason="x"
        )
    report.refresh_from_db()
    assert report.state == state


@pytest.mark.parametrize(
    ("name", "state", "who"),
    [
        ("submit", "draft", "prov_a"),
        ("submit", "draft", "viewer"),
        ("approve", "submitted", "dist_a1"),
        ("return", "submitted", "dist_a1"),
        ("reopen", "approved", "dist_a1"),
        ("approve", "submitted", "leader_a1"),
    ],
)
def test_a_move_by_the_wrong_role_is_forbidden(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, name: str, state: str, who: str
) -> None:
    report = in_state(cast, period, state)
    with pytest.raises(PermissionDenied):
        services.move(
            actor=getattr(cast, who),
            report=report,
            name=name,
            expected_version=report.version,
            reason="x",
        )


@pytest.mark.parametrize("name", ["return", "reopen"])
def test_returning_and_reopening_need_a_reason(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, name: str
) -> None:
    report = in_state(cast, period, "submitted" if name == "return" else "approved")
    with pytest.raises(ValidationError) as refused:
        services.move(
            actor=cast.prov_a,
            report=report,
            name=name,
            expected_version=report.version,
            reason="  ",
        )
    assert "reason" in refused.value.message_dict


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_the_district_edits_only_drafts_and_returned_reports(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, state: str
) -> None:
    report = in_state(cast, period, state)
    with pytest.raises(ValidationError):
        services.save_report(
            actor=cast.dist_a1,
            period=period,
            tambon=tambon("420102"),
            expected_version=report.version,
            values={"households": 1},
        )


def test_an_error_blocks_submission_and_a_warning_needs_a_comment(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = draft(cast, period, villages_covered=3)  # the tambon has no registered villages
    with pytest.raises(ValidationError) as blocked:
        services.move(
            actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
        )
    assert "3" in str(blocked.value) or "๓" in str(blocked.value)

    for moo in (1, 2, 3):
        Village.objects.create(
            code=f"420102{moo:02d}", tambon_id="420102", moo=moo, name_th=f"บ้าน {moo}"
        )
    report = services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=report.version,
        values={"hici_households": 80},  # more than households
    )
    with pytest.raises(ValidationError) as needs_comment:
        services.move(
            actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
        )
    assert "warning_comment" in needs_comment.value.message_dict

    report = services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=report.version,
        values={"warning_comment": "รวมครัวเรือนนอกโครงการ"},
    )
    submitted = services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    assert submitted.state == ReportState.SUBMITTED


def test_households_doubling_since_the_last_period_is_a_warning(
    cast: Cast, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    draft(cast, periods[0], households=10)
    second = services.save_report(
        actor=cast.dist_a1,
        period=periods[1],
        tambon=tambon("420102"),
        expected_version=0,
        values=FIGURES | {"households": 25},
    )
    findings = services.findings_for(second)
    assert [(f.level, f.field) for f in findings] == [("warning", "households")]


def test_the_second_of_two_saves_from_the_same_version_is_refused(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = draft(cast, period)
    seen = report.version
    services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=seen,
        values={"households": 41},
    )
    with pytest.raises(ConflictError) as conflict:
        services.save_report(
            actor=cast.dist_a1,
            period=period,
            tambon=tambon("420102"),
            expected_version=seen,
            values={"households": 99},
        )
    assert conflict.value.current.households == 41
    report.refresh_from_db()
    assert report.households == 41


def test_a_move_on_a_stale_version_is_refused(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = in_state(cast, period, "submitted")
    with pytest.raises(ConflictError):
        services.move(
            actor=cast.prov_a, report=report, name="approve", expected_version=report.version - 1
        )


def test_a_tambon_outside_the_programme_has_no_report(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    with pytest.raises(ValidationError):
        services.save_report(
            actor=cast.dist_a1,
            period=period,
            tambon=tambon("420105"),
            expected_version=0,
            values=FIGURES,
        )


# Submitting saves the form first -------------------------------------------------------------


def test_submit_saves_what_is_on_the_form_then_moves_it_in_one_go(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = draft(cast, period)

    submitted = services.save_and_move(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=report.version,
        values=FIGURES | {"households": 45},  # typed since the last save
        name="submit",
    )

    assert (submitted.state, submitted.households) == (ReportState.SUBMITTED, 45)
    assert submitted.version == report.version + 2  # one for the save, one for the move
    actions = AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True)
    assert list(actions.order_by("id"))[-2:] == ["report.update", "report.submit"]


def test_a_warning_comment_typed_on_the_form_is_saved_with_the_submission(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = draft(cast, period)

    submitted = services.save_and_move(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=report.version,
        values=FIGURES | {"hici_households": 80, "warning_comment": "รวมครัวเรือนนอกโครงการ"},
        name="submit",
    )

    assert submitted.state == ReportState.SUBMITTED
    assert submitted.warning_comment == "รวมครัวเรือนนอกโครงการ"


def test_a_refused_submission_saves_nothing_either(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = draft(cast, period)

    with pytest.raises(ValidationError) as refused:
        services.save_and_move(
            actor=cast.dist_a1,
            period=period,
            tambon=tambon("420102"),
            expected_version=report.version,
            values=FIGURES | {"hici_households": 80},  # a warning, and no comment
            name="submit",
        )

    assert "warning_comment" in refused.value.message_dict
    fresh = TambonReport.objects.get(pk=report.pk)
    assert (fresh.state, fresh.hici_households, fresh.version) == (
        ReportState.DRAFT,
        FIGURES["hici_households"],
        report.version,
    )
    assert not AuditEvent.objects.filter(action="report.update").exists()


def test_a_submission_from_a_stale_version_is_a_conflict_and_changes_nothing(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = draft(cast, period)
    services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=report.version,
        values={"households": 41},  # someone else saved meanwhile
    )

    with pytest.raises(ConflictError):
        services.save_and_move(
            actor=cast.dist_a1,
            period=period,
            tambon=tambon("420102"),
            expected_version=report.version,
            values=FIGURES | {"households": 99},
            name="submit",
        )

    fresh = TambonReport.objects.get(pk=report.pk)
    assert (fresh.state, fresh.households) == (ReportState.DRAFT, 41)


def test_a_returned_report_is_saved_and_submitted_again(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    report = in_state(cast, period, "returned")

    again = services.save_and_move(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=report.version,
        values=FIGURES | {"households": 42},
        name="resubmit",
    )

    assert (again.state, again.households) == (ReportState.SUBMITTED, 42)
