"""The report's workflow as a state machine: which moves exist, and who may make them.

draft → submitted → approved, or → returned (with a reason) → submitted again. An approved report is
reopened (back to returned) only by the province, with a reason. Nothing else moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phinong.accounts.permissions import Action
from phinong.reports.models import ReportState

DRAFT, SUBMITTED, APPROVED, RETURNED = (
    ReportState.DRAFT,
    ReportState.SUBMITTED,
    ReportState.APPROVED,
    ReportState.RETURNED,
)


@dataclass(frozen=True)
class Move:
    name: str
    label: Promise
    source: str
    target: str
    action: Action
    needs_reason: bool = False


MOVES: tuple[Move, ...] = (
    Move("submit", _("Submit to the province"), DRAFT, SUBMITTED, Action.MANAGE_REPORTS),
    Move("resubmit", _("Submit again"), RETURNED, SUBMITTED, Action.MANAGE_REPORTS),
    Move("approve", _("Approve"), SUBMITTED, APPROVED, Action.REVIEW_REPORTS),
    Move("return", _("Return to the district"), SUBMITTED, RETURNED, Action.REVIEW_REPORTS, True),
    Move("reopen", _("Reopen"), APPROVED, RETURNED, Action.REVIEW_REPORTS, True),
)
BY_NAME = {move.name: move for move in MOVES}


def moves_from(state: str) -> list[Move]:
    return [move for move in MOVES if move.source == state]


def find(name: str, state: str) -> Move | None:
    """The move called `name` if it can be made from `state`, else None."""
    move = BY_NAME.get(name)
    return move if move is not None and move.source == state else None
