"""Reads of jobs, scoped: a user sees their own jobs and the jobs of areas inside their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from phinong.accounts.scoping import scope_of
from phinong.jobs.models import Job

if TYPE_CHECKING:
    from phinong.accounts.models import User


def jobs_for(*, actor: User) -> QuerySet[Job]:
    scope = scope_of(actor)
    if scope.code is None:
        return Job.objects.none()
    jobs = Job.objects.select_related("owner")
    if scope.is_nation:  # (Q(owner) | Q() would drop the empty Q, keeping only the owner's)
        return jobs
    return jobs.filter(Q(owner=actor) | scope.q("area_code"))


def get_job_for(*, actor: User, pk: int) -> Job:
    """One job the actor may see, or 404 whether it is outside their area or does not exist."""
    job = jobs_for(actor=actor).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
