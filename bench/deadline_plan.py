"""The officers of the deadline-day load and what each of them opens and writes (bench/deadline.py).

Every officer is signed in here, with a session of the configured engine, so the load measures the
pages and not the password hasher. Each district officer has tambons of its own, so two officers
never save the same report: conflicts would measure the workload, not the app.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Max
from django.utils import timezone

from phinong.accounts.models import User
from phinong.centres.models import SharingCentre
from phinong.demo.national import NATIONAL_PHASE2
from phinong.programmes.models import Activity, Pair, Programme
from phinong.reports.models import ReportPeriod
from phinong.workshops.models import Workshop


def write_plan(*, officers: int, provinces: int) -> list[dict[str, Any]]:
    programme = Programme.objects.get(code=NATIONAL_PHASE2)
    period = _period_due_today(programme)
    youngers: dict[str, list[str]] = defaultdict(list)
    for code in (
        Pair.objects.filter(programme=programme)
        .order_by("younger_id")
        .values_list("younger_id", flat=True)
    ):
        youngers[code[:4]].append(code)
    districts = sorted(youngers, key=lambda d: (-len(youngers[d]), d))[: officers - provinces]
    province_codes = sorted({d[:2] for d in districts})[:provinces]
    activities = list(Activity.objects.filter(programme=programme).order_by("number"))
    plan = [
        _district(programme, period, code, youngers[code], activities) for code in districts
    ] + [_province(programme, period, code, youngers) for code in province_codes]
    return plan


def _period_due_today(programme: Programme) -> ReportPeriod:
    today = timezone.localdate()
    last = programme.periods.aggregate(n=Max("number"))["n"] or 0
    period, _ = ReportPeriod.objects.get_or_create(
        programme=programme,
        name="รอบส่งวันนี้ (ทดสอบภาระ)",
        defaults={"number": last + 1, "starts_on": today, "ends_on": today, "due_on": today},
    )
    return period


def _district(
    programme: Programme,
    period: ReportPeriod,
    code: str,
    tambons: list[str],
    activities: list[Activity],
) -> dict[str, Any]:
    user = User.objects.get(username=f"nat-d{code}")
    p = programme.pk
    workshops = Workshop.objects.filter(programme=programme, tambons__code__in=tambons).distinct()
    centres = SharingCentre.objects.filter(tambon_id__in=tambons).values_list("pk", flat=True)
    return {
        "username": user.username,
        "role": "district",
        "session": _session(user),
        "reads": [
            "/",
            f"/areas/{code}/?programme={p}",
            f"/programmes/{p}/districts/{code}/",
            f"/reports/{p}/areas/{code}/",
            *(f"/register/{p}/tambons/{t}/" for t in tambons),
            *(f"/areas/{t}/?programme={p}" for t in tambons),
            *(f"/reports/{p}/periods/{period.pk}/tambons/{t}/" for t in tambons),
        ],
        "report": [f"/reports/{p}/periods/{period.pk}/tambons/{t}/" for t in tambons],
        "attendance": [f"/workshops/w/{w.pk}/days/{d}/" for w in workshops for d in (1, 2)],
        "record": [
            f"/workshops/activities/{a.pk}/tambons/{t}/" for a in activities for t in tambons
        ],
        "donation": [f"/centres/{c}/donations/" for c in centres],
        "return": [],
    }


def _province(
    programme: Programme, period: ReportPeriod, code: str, youngers: dict[str, list[str]]
) -> dict[str, Any]:
    user = User.objects.get(username=f"nat-p{code}")
    p = programme.pk
    tambons = [t for d, found in youngers.items() if d[:2] == code for t in found]
    return {
        "username": user.username,
        "role": "province",
        "session": _session(user),
        "reads": [
            "/",
            f"/areas/{code}/?programme={p}",
            f"/reports/{p}/areas/{code}/",
            f"/programmes/{p}/provinces/{code}/quotas/",
            *(f"/areas/{t[:4]}/?programme={p}" for t in tambons),
        ],
        "report": [],
        "attendance": [],
        "record": [],
        "donation": [],
        "return": [f"/reports/{p}/periods/{period.pk}/tambons/{t}/" for t in tambons],
    }


def _session(user: User) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key is not None  # noqa: S101 - create() sets it
    return store.session_key
