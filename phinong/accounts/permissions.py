"""What each role may change. Where it may change it is the scope's business (accounts.scoping)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from phinong.accounts.models import Role


class Action(StrEnum):
    MANAGE_PROGRAMMES = "manage_programmes"
    SET_PROVINCE_QUOTAS = "set_province_quotas"
    SET_DISTRICT_QUOTAS = "set_district_quotas"
    MANAGE_USERS = "manage_users"
    MANAGE_PAIRS = "manage_pairs"
    MANAGE_LEADERS = "manage_leaders"
    MANAGE_VILLAGES = "manage_villages"
    SEE_PERSONAL_DATA = "see_personal_data"
    MANAGE_REPORTS = "manage_reports"  # fill in and submit tambon reports
    REVIEW_REPORTS = "review_reports"  # approve, return, reopen; remind late districts
    MANAGE_CENTRES = "manage_centres"  # sharing centres and their stock ledgers
    MANAGE_PARTNERS = "manage_partners"
    MANAGE_WORKSHOPS = "manage_workshops"  # plan workshops, record attendance
    RECORD_ACTIVITIES = "record_activities"  # a tambon's activity records
    SIGN_CERTIFICATES = "sign_certificates"  # name who signs the certificates of one's area
    WRITE_LESSONS = "write_lessons"  # a tambon's lessons learned (a tambon leader: its own draft)
    PUBLISH_LESSONS = "publish_lessons"  # publish and unpublish lessons learned


_ALLOWED: dict[Role, set[Action]] = {
    Role.DEPT_ADMIN: set(Action),
    Role.DEPT_VIEWER: set(),
    Role.PROVINCE: {
        Action.SET_DISTRICT_QUOTAS,
        Action.MANAGE_USERS,
        Action.REVIEW_REPORTS,
        Action.SIGN_CERTIFICATES,
        Action.WRITE_LESSONS,
        Action.PUBLISH_LESSONS,
    },
    Role.DISTRICT: {
        Action.MANAGE_PAIRS,
        Action.MANAGE_LEADERS,
        Action.MANAGE_VILLAGES,
        Action.SEE_PERSONAL_DATA,
        Action.MANAGE_REPORTS,
        Action.MANAGE_CENTRES,
        Action.MANAGE_PARTNERS,
        Action.MANAGE_WORKSHOPS,
        Action.RECORD_ACTIVITIES,
        Action.SIGN_CERTIFICATES,
        Action.WRITE_LESSONS,
    },
    Role.TAMBON: {Action.RECORD_ACTIVITIES, Action.WRITE_LESSONS},
}


def can(user: Any, action: Action) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    try:
        role = Role(user.role)
    except ValueError:
        return False
    return action in _ALLOWED[role]


def require(user: Any, action: Action) -> None:
    """Raise PermissionDenied (403) when the role may not do this."""
    if not can(user, action):
        raise PermissionDenied
