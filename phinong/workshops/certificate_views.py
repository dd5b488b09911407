"""Certificates: issuing them, printing them as PDF, and the public page that verifies one.

Issuing and printing need a login and stay inside the user's area (404 outside it, 403 for a role
that may not issue). The verification page is public: it shows the name, the programme and the date
and nothing else about the person.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from phinong.accounts.permissions import Action, require
from phinong.audit.services import record
from phinong.core.formatting import num, thai_active
from phinong.core.http import AuthedRequest
from phinong.lib.dates import format_en
from phinong.workshops import certificates
from phinong.workshops.pdf import official_date, render_pdf
from phinong.workshops.selectors import get_workshop_for

AREA_LENGTHS = {"tambon": 6, "district": 4}


def _verify_base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("verify:index"))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_name(text: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in text).strip("-")


@login_required
@require_POST
def issue(request: AuthedRequest, pk: int) -> HttpResponse:
    """Issue certificates to the leaders who completed the workshop (optionally of one tambon)."""
    actor = request.user
    workshop = get_workshop_for(actor=actor, pk=pk)
    require(actor, Action.MANAGE_LEADERS)
    tambon = request.POST.get("tambon", "").strip() or None
    if tambon is not None and not (len(tambon) == 6 and tambon.isdigit()):
        raise Http404
    try:
        issued = certificates.issue_certificates(actor=actor, workshop=workshop, tambon_code=tambon)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if issued:
            messages.success(
                request,
                ngettext(
                    "%(count)s certificate was issued.",
                    "%(count)s certificates were issued.",
                    len(issued),
                )
                % {"count": num(len(issued))},
            )
        else:
            messages.info(request, _("Every leader who completed the workshop has a certificate."))
    return redirect(reverse("workshops:detail", args=[workshop.pk]))


@login_required
@require_GET
def certificate_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """One leader's certificate (404 when the leader's tambon is outside the user's area)."""
    actor = request.user
    certificate = certificates.get_certificate_for(actor=actor, pk=pk)
    content = render_pdf([certificate], base_url_for_verify=_verify_base(request))
    record(
        actor=actor,
        action="certificate.print",
        obj=certificate,
        area_code=certificate.member.tambon_id,
        label=f"{certificate.number} {certificate.full_name}",
    )
    return _pdf(content, f"certificate-{_file_name(certificate.number)}.pdf")


@login_required
@require_GET
def batch_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The certificates of one tambon (?tambon=420102) or district (?district=4201), a page each."""
    actor = request.user
    workshop = get_workshop_for(actor=actor, pk=pk)
    given = {key: request.GET[key].strip() for key in AREA_LENGTHS if request.GET.get(key)}
    if len(given) != 1:
        return HttpResponseBadRequest(_("Name one tambon or one district."))
    ((level, area_code),) = given.items()
    if len(area_code) != AREA_LENGTHS[level] or not area_code.isdigit():
        raise Http404
    issued = certificates.certificates_in_area(actor=actor, workshop=workshop, area_code=area_code)
    if not issued:
        raise Http404("no certificates issued in this area yet")
    content = render_pdf(issued, base_url_for_verify=_verify_base(request))
    record(
        actor=actor,
        action="certificate.print",
        obj=workshop,
        area_code=area_code,
        changes={"certificates": len(issued), "first": issued[0].number, "last": issued[-1].number},
    )
    return _pdf(content, f"certificates-{workshop.pk}-{area_code}.pdf")


# -- public -------------------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    """Keep verification pages out of search engines and the code out of other sites' logs."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def verify_index(request: HttpRequest) -> HttpResponse:
    """A form for the code printed on a certificate; a code given goes to its page."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("verify:check", code=code.replace("/", ""))
    return _public(render(request, "workshops/verify_form.html"))


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm a certificate: the name, the programme and the date, and no other personal data."""
    certificate = certificates.find_by_code(code)
    if certificate is None:
        return _public(
            render(request, "workshops/verify_not_found.html", {"code": code[:40]}, status=404)
        )
    programme = certificate.workshop.programme
    issued_on = certificate.issued_on
    context = {
        "name": certificate.full_name,
        "programme_code": programme.code,
        "programme_name": programme.name,
        "date": official_date(issued_on) if thai_active() else format_en(issued_on),
    }
    return _public(render(request, "workshops/verify.html", context))
