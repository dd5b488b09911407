"""Reminders to districts whose tambons are overdue: an in-app notification and an email.

The emails go out in a background job (phinong.jobs), which the reminding officer can follow.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from phinong.accounts.models import Role, User
from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope
from phinong.audit.services import record
from phinong.core.formatting import date
from phinong.geo.models import Tambon
from phinong.jobs.models import JobKind
from phinong.jobs.services import start_job
from phinong.reports.completeness import completeness
from phinong.reports.models import Notification, ReportPeriod
from phinong.reports.notify import deliver

if TYPE_CHECKING:
    from phinong.programmes.models import Programme


def _reminder(period: ReportPeriod, tambons: str) -> str:
    """The reminder in the active language (dates in B.E. in both)."""
    return _(
        "Reminder: the %(period)s report of tambon %(tambons)s was due on %(due)s and "
        "has not been submitted."
    ) % {"period": period.name, "tambons": tambons, "due": date(period.due_on)}


@transaction.atomic
def remind_overdue(
    *, actor: User, programme: Programme, period: ReportPeriod, area_code: str
) -> int:
    """Notify the officers of every district in the area with overdue tambons; return how many."""
    require(actor, Action.REVIEW_REPORTS)
    require_in_scope(actor=actor, area_code=area_code or "")
    _rows, total = completeness(programme, period, area_code)
    by_district: dict[str, list[str]] = defaultdict(list)
    names = dict(
        Tambon.objects.filter(code__in=total.overdue_tambons).values_list("code", "name_th")
    )
    for code in total.overdue_tambons:
        by_district[code[:4]].append(code)
    officers = User.objects.filter(
        role=Role.DISTRICT, area_code__in=by_district, is_active=True
    ).order_by("username")
    notifications, mails = [], []
    with override("th"):
        for officer in officers:
            tambons = ", ".join(names[code] for code in by_district[officer.area_code])
            message = _reminder(period, tambons)
            with override("en"):
                message_en = _reminder(period, tambons)
            link = reverse("reports:area", args=[programme.pk, officer.area_code]) + (
                f"?period={period.pk}"
            )
            notifications.append(
                Notification(user=officer, message=message, message_en=message_en, link=link)
            )
            if officer.email:
                subject = _("Phinong: overdue report, %(period)s") % {"period": period.name}
                mails.append((subject, message, settings.DEFAULT_FROM_EMAIL, [officer.email]))
    deliver(notifications)
    record(
        actor=actor,
        action="report.remind",
        obj=period,
        area_code=area_code,
        changes={"districts": sorted(by_district), "officers": len(notifications)},
    )
    if mails:  # sent by a job (phinong.jobs), once this transaction commits
        start_job(
            actor=actor,
            kind=JobKind.REMINDER_MAILS,
            area_code=area_code,
            parameters={"period": period.pk, "mails": mails},
        )
    return len(notifications)
