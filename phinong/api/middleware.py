"""Answers under /api/ that Ninja does not make itself (an unknown path, a method the path does not
take, a crash) are problem+json too, like every other API error."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from phinong.api.conventions import PROBLEM_CONTENT_TYPE, not_found, problem

API_PREFIX = "/api/"


class ApiProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        if response.status_code == 404:
            return not_found()
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            replaced = problem(405, _("This method is not allowed here"))
            if allowed:
                replaced["Allow"] = allowed
            return replaced
        if response.status_code >= 500:
            return problem(500, _("Something went wrong on the server. Please try again later."))
        return response
