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
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from phinong.accounts.models import User
from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import scope_of
from phinong.audit.services import record
from phinong.core.formatting import num, thai_active
from phinong.core.forms import attach_errors
from phinong.core.http import AuthedRequest
from phinong.geo.models import District, Province
from phinong.lib.dates import format_en
from phinong.programmes.selectors import get_programme_for
from phinong.workshops import certificate_settings as signing
from phinong.workshops import certificates
from phinong.workshops.certificate_forms import EmblemForm, SignatoryForm
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


# -- settings: who signs, and the emblem -----------------------------------------------------------


def _area_label(code: str, names: dict[str, str]) -> str:
    if code == "":
        return _("The whole programme (the department's default)")
    if len(code) == 2:
        return pgettext("area", "Province of %(name)s") % {"name": names.get(code, code)}
    return pgettext("area", "District of %(name)s") % {"name": names.get(code, code)}


def _area_names(codes: set[str]) -> dict[str, str]:
    names = dict(
        Province.objects.filter(code__in=[c for c in codes if len(c) == 2]).values_list(
            "code", "name_th"
        )
    )
    names.update(
        District.objects.filter(code__in=[c for c in codes if len(c) == 4]).values_list(
            "code", "name_th"
        )
    )
    return names


@login_required
def signatory_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    """Who signs the programme's certificates in an area (?area=, else the user's own), the
    signatories that apply around it, and (for the department) the emblem."""
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    given = request.POST.get("area") if request.method == "POST" else request.GET.get("area")
    if given is not None:
        signing.check_signatory_area(actor=actor, area_code=given.strip())
    require(actor, Action.SIGN_CERTIFICATES)
    area = given.strip() if given is not None else signing.signatory_area_of(actor)
    if area is None:
        raise Http404
    signing.check_signatory_area(actor=actor, area_code=area)
    seen = signing.signatories_seen_by(actor=actor, programme=programme)
    own = next((s for s in seen if s.area_code == area), None)
    form = SignatoryForm(
        request.POST if request.method == "POST" and "remove" not in request.POST else None,
        initial={"name": own.name, "position": own.position} if own else None,
    )
    if request.method == "POST":
        if "remove" in request.POST:
            signing.remove_signatory(actor=actor, programme=programme, area_code=area)
            messages.success(request, _("The signatory of this area was removed."))
            return redirect(_settings_url(programme.pk, area, actor))
        if form.is_valid():
            try:
                signing.set_signatory(
                    actor=actor,
                    programme=programme,
                    area_code=area,
                    name=form.cleaned_data["name"],
                    position=form.cleaned_data["position"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The signatory was saved."))
                return redirect(_settings_url(programme.pk, area, actor))
    names = _area_names({s.area_code for s in seen} | {area})
    scope = scope_of(actor)
    applies = next(
        (s for s in sorted(seen, key=lambda s: -len(s.area_code)) if area.startswith(s.area_code)),
        None,
    )
    rows = [
        {
            "signatory": s,
            "area": _area_label(s.area_code, names),
            "editable": scope.covers(s.area_code) and s.area_code != area,
            "applies": s is applies,
        }
        for s in seen
    ]
    may_set_emblem = can(actor, Action.MANAGE_PROGRAMMES) and scope.is_nation
    return render(
        request,
        "workshops/certificate_settings.html",
        {
            "programme": programme,
            "area": area,
            "area_label": _area_label(area, names),
            "own": own,
            "applies": applies,
            "form": form,
            "rows": rows,
            "emblem": signing.emblem_of(programme),
            "emblem_form": EmblemForm() if may_set_emblem else None,
        },
    )


def _settings_url(pk: int, area: str, actor: User) -> str:
    url = reverse("workshops:certificate_settings", args=[pk])
    return url if area == signing.signatory_area_of(actor) else f"{url}?area={area}"


@login_required
@require_POST
def emblem(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload (or, with `remove`, take away) the programme's emblem: the department's alone."""
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    if "remove" in request.POST:
        signing.remove_emblem(actor=actor, programme=programme)
        messages.success(request, _("The emblem was removed."))
        return redirect("workshops:certificate_settings", programme.pk)
    signing.check_signatory_area(actor=actor, area_code="")
    require(actor, Action.MANAGE_PROGRAMMES)
    form = EmblemForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            signing.set_emblem(actor=actor, programme=programme, upload=form.cleaned_data["image"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The emblem was saved."))
            return redirect("workshops:certificate_settings", programme.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("workshops:certificate_settings", programme.pk)


@login_required
@require_GET
def emblem_image(request: AuthedRequest, pk: int) -> HttpResponse:
    """The programme's emblem as stored (our own PNG), for the settings page."""
    programme = get_programme_for(actor=request.user, pk=pk)
    found = signing.emblem_of(programme)
    if found is None:
        raise Http404
    try:
        content = found.image.open("rb").read()
    except OSError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
