"""Tambon reports: the periods of a programme, the reports of an area, their figures, and the
workflow moves as explicit actions (submit, approve, return, reopen), each with `If-Match`.

The district fills in and submits its tambons' reports; the province approves, returns (with a
reason) or reopens an approved report (with a reason), exactly as on the web (reports.services).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import scoped
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of, if_match, require_match
from phinong.api.evidence import EvidenceOut, evidence_out, required_file
from phinong.api.listing import (
    TAMBON_PATTERN,
    TEXT_PATTERN,
    AreaFilter,
    Id,
    IdFilter,
    Page,
    actor_of,
    in_area,
    money,
    stale_is_412,
)
from phinong.core.errors import ConflictError
from phinong.geo import selectors as geo_selectors
from phinong.programmes import selectors as programme_selectors
from phinong.reports import selectors as report_selectors
from phinong.reports import services as report_services
from phinong.reports import workflow
from phinong.reports.forms import COMMENT_LIMIT, NARRATIVE_LIMIT, REASON_LIMIT
from phinong.reports.models import Evidence, ReportPeriod, ReportState, TambonReport

router = Router(tags=["reports"])

BIG = 2_147_483_647


class PeriodOut(Schema):
    id: int
    number: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date
    activity: int | None = Field(None, description="the number of the activity it follows")

    @staticmethod
    def resolve_activity(obj: ReportPeriod) -> int | None:
        return obj.activity.number if obj.activity else None


class ReportOut(Schema):
    id: int
    programme: int
    period: int
    tambon: str
    state: str
    moves: list[str] = Field(..., description="the workflow actions possible from this state")
    households: int
    villages_covered: int
    partner_networks: int
    expenses_reduced: str = Field(..., description="baht with satang, e.g. 1234.50")
    active_centres: int
    hici_households: int
    food_packs: int
    narrative: str
    warning_comment: str
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_programme(obj: TambonReport) -> int:
        return obj.period.programme_id

    @staticmethod
    def resolve_period(obj: TambonReport) -> int:
        return obj.period_id

    @staticmethod
    def resolve_tambon(obj: TambonReport) -> str:
        return obj.tambon_id

    @staticmethod
    def resolve_moves(obj: TambonReport) -> list[str]:
        names = [move.name for move in workflow.moves_from(obj.state)]
        return ["submit" if name == "resubmit" else name for name in names]

    @staticmethod
    def resolve_expenses_reduced(obj: TambonReport) -> str:
        return money(obj.expenses_reduced)


class FiguresIn(Schema):
    households: int = Field(..., ge=0, le=BIG)
    villages_covered: int = Field(..., ge=0, le=BIG)
    partner_networks: int = Field(..., ge=0, le=BIG)
    expenses_reduced: Decimal = Field(
        ...,
        ge=0,
        lt=10**12,
        max_digits=14,
        decimal_places=2,
        description="baht with satang, e.g. 1234.50",
    )
    active_centres: int = Field(..., ge=0, le=BIG)
    hici_households: int = Field(..., ge=0, le=BIG)
    food_packs: int = Field(..., ge=0, le=BIG)
    narrative: str = Field("", max_length=NARRATIVE_LIMIT)
    warning_comment: str = Field("", max_length=COMMENT_LIMIT)


class NewReportIn(FiguresIn):
    tambon: str = Field(
        ..., pattern=TAMBON_PATTERN, description="the tambon's DOPA code", examples=["420102"]
    )


class ReasonIn(Schema):
    reason: str = Field(..., max_length=REASON_LIMIT, pattern=TEXT_PATTERN)


class ReportFilters(Schema):
    area: AreaFilter = None
    period: IdFilter = None
    state: ReportState | None = None


def _reports() -> QuerySet[TambonReport]:
    return TambonReport.objects.select_related("period")


@router.get("/programmes/{programme_id}/periods", response={200: list[PeriodOut], **READ_ERRORS})
@paginate(Page)
def periods(request: HttpRequest, programme_id: Id) -> QuerySet[ReportPeriod]:
    programme = programme_selectors.get_programme_for(actor=actor_of(request), pk=programme_id)
    return report_selectors.periods_of(programme).order_by("number", "pk")


@router.get("/programmes/{programme_id}/reports", response={200: list[ReportOut], **READ_ERRORS})
@paginate(Page)
def reports(
    request: HttpRequest, programme_id: Id, filters: Query[ReportFilters]
) -> QuerySet[TambonReport]:
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    rows = scoped(_reports(), actor=actor, path="tambon__code").filter(
        in_area(actor, filters.area, "tambon__code"), period__programme=programme
    )
    if filters.period is not None:
        rows = rows.filter(period_id=filters.period)
    if filters.state is not None:
        rows = rows.filter(state=filters.state)
    return rows.order_by("period__number", "tambon_id", "pk")


@router.get("/reports/{report_id}", response={200: ReportOut, **READ_ERRORS})
def report(request: HttpRequest, report_id: Id, response: HttpResponse) -> TambonReport:
    found = report_selectors.get_report_for(actor=actor_of(request), pk=report_id)
    response["ETag"] = etag_of(found)
    return found


@router.post(
    "/programmes/{programme_id}/periods/{period_id}/reports",
    response={201: ReportOut, **WRITE_ERRORS},
)
def create_report(
    request: HttpRequest, programme_id: Id, period_id: Id, payload: NewReportIn
) -> Status[TambonReport]:
    """Start a tambon's report of a period with its figures (a draft); then PUT and the actions."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    period = get_object_or_404(report_selectors.periods_of(programme), pk=period_id)
    tambon = geo_selectors.tambon_for(actor=actor, code=payload.tambon)
    try:
        saved = report_services.save_report(
            actor=actor,
            period=period,
            tambon=tambon,
            expected_version=0,
            values=payload.dict(exclude={"tambon"}),
        )
    except ConflictError as exc:
        raise ValidationError(
            {"tambon": _("This tambon already has a report for this period: update it.")}
        ) from exc
    return Status(201, report_selectors.get_report_for(actor=actor, pk=saved.pk))


@router.put(
    "/reports/{report_id}", response={200: ReportOut, **WRITE_ERRORS}, openapi_extra=if_match()
)
def update_report(
    request: HttpRequest, report_id: Id, payload: FiguresIn, response: HttpResponse
) -> TambonReport:
    """Change the figures of a draft or returned report; send `If-Match` with the ETag you read."""
    actor = actor_of(request)
    found = report_selectors.get_report_for(actor=actor, pk=report_id)
    require(actor, Action.MANAGE_REPORTS)
    require_match(request, found)
    with stale_is_412():
        report_services.save_report(
            actor=actor,
            period=found.period,
            tambon=found.tambon,
            expected_version=found.version,
            values=payload.dict(),
        )
    return _answer(request, found.pk, response)


def _answer(request: HttpRequest, report_id: int, response: HttpResponse) -> TambonReport:
    saved = report_selectors.get_report_for(actor=actor_of(request), pk=report_id)
    response["ETag"] = etag_of(saved)
    return saved


def _move(
    request: HttpRequest, report_id: int, name: str, response: HttpResponse, reason: str = ""
) -> TambonReport:
    """Check the area (404), the role (403) and If-Match (428/412), then make the move."""
    actor = actor_of(request)
    found = report_selectors.get_report_for(actor=actor, pk=report_id)
    require(actor, workflow.BY_NAME[name].action)
    require_match(request, found)
    if name == "submit" and found.state == ReportState.RETURNED:
        name = "resubmit"
    with stale_is_412():
        report_services.move(
            actor=actor, report=found, name=name, expected_version=found.version, reason=reason
        )
    return _answer(request, found.pk, response)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def submit(request: HttpRequest, report_id: Id, response: HttpResponse) -> TambonReport:
    """The district submits a draft or returned report to the province."""
    return _move(request, report_id, "submit", response)


@router.post(
    "/reports/{report_id}/approve",
    response={200: ReportOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def approve(request: HttpRequest, report_id: Id, response: HttpResponse) -> TambonReport:
    """The province approves a submitted report."""
    return _move(request, report_id, "approve", response)


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def return_(
    request: HttpRequest, report_id: Id, payload: ReasonIn, response: HttpResponse
) -> TambonReport:
    """The province returns a submitted report to the district, saying what to fix."""
    return _move(request, report_id, "return", response, payload.reason)


@router.post(
    "/reports/{report_id}/reopen",
    response={200: ReportOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def reopen(
    request: HttpRequest, report_id: Id, payload: ReasonIn, response: HttpResponse
) -> TambonReport:
    """The province reopens an approved report (it goes back to the district as returned)."""
    return _move(request, report_id, "reopen", response, payload.reason)


def _evidence_out(evidence: Evidence) -> dict[str, Any]:
    return evidence_out(evidence, reverse("reports:evidence", args=(evidence.pk,)))


@router.get("/reports/{report_id}/evidence", response={200: list[EvidenceOut], **READ_ERRORS})
@paginate(Page)
def evidence(request: HttpRequest, report_id: Id) -> list[dict[str, Any]]:
    found = report_selectors.get_report_for(actor=actor_of(request), pk=report_id)
    return [_evidence_out(e) for e in found.evidence.order_by("uploaded_at", "pk")]


@router.post("/reports/{report_id}/evidence", response={201: EvidenceOut, **WRITE_ERRORS})
def add_evidence(
    request: HttpRequest, report_id: Id, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    """Attach a photo (JPEG, PNG) or a PDF (multipart field `file`) to a draft or returned
    report, checked as on the web."""
    actor = actor_of(request)
    found = report_selectors.get_report_for(actor=actor, pk=report_id)
    require(actor, Action.MANAGE_REPORTS)
    saved = report_services.add_evidence(actor=actor, report=found, upload=required_file(file))
    return Status(201, _evidence_out(saved))
