"""Telling the next person: a report's move notifies the officers who act next, in the app and by mail.

A district's submission goes to the officers of its province; the province's approval, return or
reopening goes back to the officers of the district. Each gets a `Notification` in their Phinong
inbox and, once the transaction commits, an email if they have an address. The mail is in Thai, like
the reminders; the inbox keeps the message in English too, for a reader who reads in English.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from phinong.accounts.models import Role, User
from phinong.reports.models import Notification, ReportState, TambonReport

if TYPE_CHECKING:
    from phinong.reports.workflow import Move


def _recipients(report: TambonReport, step: Move) -> list[User]:
    """The officers who act next: the province's after a submission, else the district's."""
    if step.target == ReportState.SUBMITTED:
        role, area_code = Role.PROVINCE, report.tambon_id[:2]
    else:
        role, area_code = Role.DISTRICT, report.tambon_id[:4]
    return list(
        User.objects.filter(role=role, area_code=area_code, is_active=True).order_by("username")
    )


def _message(report: TambonReport, step: Move, actor: User, reason: str) -> tuple[str, str]:
    """(subject, message) in Thai for the move `step` just made."""
    names = {
        "tambon": report.tambon.name_th,
        "district": report.tambon.district.name_th,
        "period": report.period.name,
        "actor": actor.get_full_name() or actor.username,
        "reason": reason,
    }
    if step.target == ReportState.SUBMITTED:
        subject = _("Phinong: a report awaits your approval, tambon %(tambon)s") % names
        message = (
            _(
                "The %(period)s report of tambon %(tambon)s, district %(district)s, was "
                "submitted by %(actor)s and awaits your approval."
            )
            % names
        )
    elif step.target == ReportState.APPROVED:
        subject = _("Phinong: report approved, tambon %(tambon)s") % names
        message = _("The %(period)s report of tambon %(tambon)s was approved by %(actor)s.") % names
    elif step.name == "reopen":
        subject = _("Phinong: report reopened, tambon %(tambon)s") % names
        message = (
            _(
                "The %(period)s report of tambon %(tambon)s was reopened by %(actor)s for "
                "correction. Reason: %(reason)s"
            )
            % names
        )
    else:
        subject = _("Phinong: report returned, tambon %(tambon)s") % names
        message = (
            _(
                "The %(period)s report of tambon %(tambon)s was returned by %(actor)s. "
                "Reason: %(reason)s"
            )
            % names
        )
    return subject, message


def deliver(notifications: list[Notification]) -> None:
    """Put the notifications in their readers' inboxes and count them on the readers' badges,
    in the caller's transaction."""
    Notification.objects.bulk_create(notifications)
    arrived = Counter(n.user_id for n in notifications)
    for n, readers in _by_count(arrived).items():
        User.objects.filter(pk__in=readers).update(
            unread_notifications=F("unread_notifications") + n
        )


def _by_count(arrived: Counter[int]) -> dict[int, list[int]]:
    """{how many arrived: the readers they arrived for}: one update per distinct number."""
    grouped: dict[int, list[int]] = {}
    for user_id, n in sorted(arrived.items()):
        grouped.setdefault(n, []).append(user_id)
    return grouped


def mark_all_read(user: User) -> None:
    """Mark the user's inbox read and count again what is left unread (what arrived meanwhile)."""
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    recount(user.pk)


def recount(user_id: int) -> None:
    """Set the badge to the inbox's own count, in one statement."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk=user_id).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


def notify_move(*, report: TambonReport, step: Move, actor: User, reason: str = "") -> int:
    """Notify the officers who act next after `step`; the mail leaves after the commit.

    Returns how many officers were notified. Call it inside the transaction that made the move.
    """
    officers = _recipients(report, step)
    if not officers:
        return 0
    link = reverse(
        "reports:tambon", args=[report.period.programme_id, report.period_id, report.tambon_id]
    )
    with override("th"):
        subject, message = _message(report, step, actor, reason)
    with override("en"):
        _subject, message_en = _message(report, step, actor, reason)
    deliver(
        [
            Notification(user=officer, message=message, message_en=message_en, link=link)
            for officer in officers
        ]
    )
    mails = [
        (subject, message, settings.DEFAULT_FROM_EMAIL, [officer.email])
        for officer in officers
        if officer.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(officers)
