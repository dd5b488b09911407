"""/api/v1/: the same reads and writes as the web pages, through the same selectors and services,
so it is scoped exactly like the web UI (404 outside the area, 403 for a role that may not write).

Each resource is a Router in phinong/api/routes/; the conventions (problem+json errors, ETags and
If-Match, rate limiting) are in phinong/api/conventions.py.
"""

from ninja import NinjaAPI

from phinong.api import conventions
from phinong.api.auth import BearerToken
from phinong.api.routes import areas, leaders, pairs, programmes, resources

api = NinjaAPI(
    title="Phinong API",
    version="1",
    description="Elder/younger tambon change-leaders programme. Bearer-token auth; "
    "every answer is scoped to the token owner's area. Errors are application/problem+json "
    "(Thai; English with Accept-Language: en). Updates need If-Match with the ETag read.",
    auth=BearerToken(),
    throttle=[conventions.TokenRateThrottle()],
    urls_namespace="api",
)
conventions.install(api)

api.add_router("", areas.router)
api.add_router("", programmes.router)
api.add_router("", pairs.router)
api.add_router("", leaders.router)
resources.add_to(api)  # geography, villages, members, workshops, records, reports, ...
