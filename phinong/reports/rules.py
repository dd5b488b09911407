"""Validation rules of a tambon report, in the style of DHIS2: errors block, warnings need a comment.

Each rule looks at the report's figures and what is known around them (the villages registered for
the tambon, the previous period's report) and, when broken, names the figure and says why in Thai.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phinong.core.formatting import num

ERROR, WARNING = "error", "warning"
EXPENSE_PER_HOUSEHOLD_LIMIT = Decimal(20_000)  # baht in one period: more is possible, but rare


@dataclass(frozen=True)
class Context:
    villages: int  # the villages registered for the tambon
    previous: dict[str, Any] | None  # the figures of the previous period's report, if any


@dataclass(frozen=True)
class Finding:
    level: str
    field: str
    message: str


@dataclass(frozen=True)
class Rule:
    level: str
    field: str
    broken: Callable[[dict[str, Any], Context], bool]
    message: Promise  # formatted with the figures and the context
    placeholders: Callable[[dict[str, Any], Context], dict[str, Any]] = lambda v, c: {}


def _negative(field: str) -> Rule:
    return Rule(
        ERROR,
        field,
        lambda v, c: (v.get(field) or 0) < 0,
        _("This figure cannot be negative."),
    )


RULES: tuple[Rule, ...] = (
    *(
        _negative(field)
        for field in (
            "households",
            "villages_covered",
            "partner_networks",
            "expenses_reduced",
            "active_centres",
            "hici_households",
            "food_packs",
        )
    ),
    Rule(
        ERROR,
        "villages_covered",
        lambda v, c: (v.get("villages_covered") or 0) > c.villages,
        _(
            "%(covered)s villages covered, but the tambon has %(villages)s registered villages. "
            "Register its villages first, or correct the figure."
        ),
        lambda v, c: {"covered": num(v.get("villages_covered") or 0), "villages": num(c.villages)},
    ),
    Rule(
        WARNING,
        "households",
        lambda v, c: bool(
            c.previous
            and (c.previous.get("households") or 0) > 0
            and (v.get("households") or 0) > 2 * c.previous["households"]
        ),
        _("Households more than doubled since the last period (%(before)s → %(now)s)."),
        lambda v, c: {
            "before": num((c.previous or {}).get("households") or 0),
            "now": num(v.get("households") or 0),
        },
    ),
    Rule(
        WARNING,
        "expenses_reduced",
        lambda v, c: (
            (v.get("households") or 0) > 0
            and Decimal(v.get("expenses_reduced") or 0)
            > EXPENSE_PER_HOUSEHOLD_LIMIT * v["households"]
        ),
        _("More than %(limit)s baht saved per household in one period: please check the figure."),
        lambda v, c: {"limit": num(int(EXPENSE_PER_HOUSEHOLD_LIMIT))},
    ),
    Rule(
        WARNING,
        "hici_households",
        lambda v, c: (v.get("hici_households") or 0) > (v.get("households") or 0),
        _("More HI/CI households were supported than households take part."),
    ),
    Rule(
        WARNING,
        "food_packs",
        lambda v, c: (v.get("food_packs") or 0) > 0 and (v.get("active_centres") or 0) == 0,
        _("Food packs were given, but no sharing centre is active."),
    ),
)


def check(values: dict[str, Any], context: Context) -> list[Finding]:
    """Every rule the figures break, errors first."""
    findings = [
        Finding(rule.level, rule.field, str(rule.message) % rule.placeholders(values, context))
        for rule in RULES
        if rule.broken(values, context)
    ]
    return sorted(findings, key=lambda finding: finding.level != ERROR)
