"""The resource routers added to the API beside the original ones (areas, programmes, pairs,
leaders): one line in phinong/api/urls.py adds them all."""

from ninja import NinjaAPI

from phinong.api.routes import (
    activities,
    centres,
    geography,
    imports,
    jobs,
    lessons,
    members,
    partners,
    records,
    reports,
    search,
    villages,
    workshops,
)

ROUTERS = (
    geography.router,
    activities.router,
    villages.router,
    members.router,
    workshops.router,
    records.router,
    reports.router,
    centres.router,
    partners.router,
    imports.router,
    jobs.router,
    lessons.router,
    search.router,
)


def add_to(api: NinjaAPI) -> None:
    for router in ROUTERS:
        api.add_router("", router)
