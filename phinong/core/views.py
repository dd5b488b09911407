from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from phinong.accounts.scoping import scope_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Everyone starts on the page of their own area."""
    scope = scope_of(request.user)
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
