from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from phinong.accounts.scoping import scope_of
from phinong.core.http import AuthedRequest
from phinong.programmes.selectors import current_programme, selected_codes


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Everyone starts on the page of their own area; a tambon leader, on the one thing they may
    change: their tambon's activity records in the current programme."""
    scope = scope_of(request.user)
    if scope.code and len(scope.code) == 6:
        programme = current_programme(actor=request.user)
        if programme is not None and scope.code in selected_codes(programme, scope.code):
            return redirect("workshops:timeline", pk=programme.pk, code=scope.code)
    if scope.code:
        return redirect("geo:area", code=scope.code)
    if scope.is_nation:
        return redirect("geo:nation")
    return redirect("accounts:no_area")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to reach the database means "not healthy"
        return JsonResponse(
            {"status": "error", "database": f"error: {exc.__class__.__name__}"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})
