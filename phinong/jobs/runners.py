"""The work of each kind of job. A runner takes the job and a `progress(percent)` callback and
returns an Output; it raises JobError (a Thai reason) when the work cannot be done.

Runners act as the job's owner: every record is looked up again in the owner's area when the job
runs, so a job started by someone who since lost access fails instead of leaking data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phinong.core.formatting import num
from phinong.jobs.models import Job, JobKind
from phinong.jobs.services import JobError, Output

Progress = Callable[[int], None]


def report(job: Job, progress: Progress, kind: str) -> Output:
    from phinong.dashboards import exports

    progress(5)
    subject = exports.subject_for(
        actor=job.owner,
        code=job.area_code or None,
        programme_pk=job.parameter("programme"),
        period_pk=job.parameter("period"),
    )
    progress(20)
    filename, content = exports.document(subject, actor=job.owner, kind=kind)
    return Output(filename=filename, content=content)


def report_pdf(job: Job, progress: Progress) -> Output:
    return report(job, progress, "pdf")


def report_xlsx(job: Job, progress: Progress) -> Output:
    return report(job, progress, "xlsx")


def booklet(job: Job, progress: Progress) -> Output:
    from phinong.geo.selectors import get_area_for
    from phinong.lessons import booklet as booklets
    from phinong.lessons import selectors
    from phinong.programmes.selectors import get_programme_for

    programme = get_programme_for(actor=job.owner, pk=job.parameter("programme"))
    place = get_area_for(actor=job.owner, code=job.area_code)
    lessons = list(selectors.published_in(programme, job.area_code))
    if not lessons:
        raise JobError(_("No lessons learned are published here yet."))
    progress(10)
    pdf = booklets.render_pdf(programme=programme, area=place, lessons=lessons)
    return Output(filename=f"lessons-{job.area_code}.pdf", content=pdf)


def reminder_mails(job: Job, progress: Progress) -> Output:
    """Send the reminders one by one, so one bad address does not stop the others."""
    mails = job.parameter("mails") or []
    failed: list[str] = []  # the addresses of the mails that did not go
    failed_mails = 0
    connection = get_connection(fail_silently=False)
    for done, (subject, body, sender, recipients) in enumerate(mails, start=1):
        try:
            EmailMessage(subject, body, sender, recipients, connection=connection).send()
        except Exception:
            failed.extend(recipients)
            failed_mails += 1
        progress(done * 100 // len(mails))
    sent = len(mails) - failed_mails
    if failed_mails:
        raise JobError(
            _("%(failed)s of %(total)s emails could not be sent, to: %(addresses)s.")
            % {
                "failed": num(failed_mails),
                "total": num(len(mails)),
                "addresses": ", ".join(failed),
            }
        )
    return Output(
        summary=ngettext("%(n)s email was sent.", "%(n)s emails were sent.", sent)
        % {"n": num(sent)}
    )


def register_import(job: Job, progress: Progress) -> Output:
    """Save a large register file its uploader confirmed: the web's confirm step, as the owner.

    One transaction, as in the request: a refused file or a failure writes nothing and leaves the
    upload to be checked again; once written, the upload is gone, so it is never written twice.
    """
    from phinong.accounts.permissions import Action, require
    from phinong.programmes.selectors import get_programme_for
    from phinong.register import reports, uploads
    from phinong.register.importer import ImportRefused, import_upload

    actor = job.owner
    programme = get_programme_for(actor=actor, pk=job.parameter("programme"))
    require(actor, Action.MANAGE_LEADERS)
    upload = uploads.find(job.parameter("token"), user_id=actor.pk, programme_id=programme.pk)
    if upload is None:
        raise JobError(
            _(
                "The uploaded file is no longer waiting to be saved: it was saved or cancelled "
                "already, or it is more than a day old. Upload it again if it is still needed."
            )
        )
    progress(10)
    try:
        result = import_upload(
            actor=actor,
            programme=programme,
            upload=upload,
            valid_only=bool(job.parameter("valid_only")),
        )
    except ImportRefused as exc:
        raise JobError(str(exc)) from exc
    if not result.written:
        raise JobError(
            _(
                "Nothing was written: some rows are refused. See them on the page that checks "
                "the file, then fix them and upload the file again, or save only the valid rows."
            )
        )
    outcome = {"import_id": job.parameter("token"), "filename": upload.filename} | result.summary()
    if result.rejected_rows:  # the valid rows only: the refused ones, to fix and send again
        return Output(
            summary=result.outcome(),
            filename="rejected-rows.xlsx",
            content=reports.problems_xlsx(result.problems),
            outcome=outcome,
        )
    return Output(summary=result.outcome(), outcome=outcome)


RUNNERS: dict[JobKind, Callable[[Job, Progress], Output]] = {
    JobKind.REPORT_PDF: report_pdf,
    JobKind.REPORT_XLSX: report_xlsx,
    JobKind.BOOKLET: booklet,
    JobKind.REMINDER_MAILS: reminder_mails,
    JobKind.REGISTER_IMPORT: register_import,
}
