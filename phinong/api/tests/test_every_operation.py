"""Every operation of /api/v1/openapi.json, run with each demo role's token, inside and outside the
district of demo-d4201. Generated from the OpenAPI document: a new endpoint is tested as soon as it
exists, and one whose path parameter is not in PARAMS below fails until it is added there.

For each operation:
- inside (records of demo-d4201's district, mostly of tambon 420102): a role whose area covers the
  records never gets 404; demo-viewer writing gets 403;
- outside (records of province 45): the district, province and tambon tokens get 404, for reads and
  writes alike, never a 400 or 422 that would tell the record exists (or 403 when the role gets 403
  inside too: it may not do this anywhere);
- an update (PUT/PATCH, or a report's workflow move) without If-Match is 428 and with a stale
  one 412 (or 403 for a role that may not make it);
- a GET of one record sets an ETag;
- nothing, ever, answers 500.

Write bodies are made from the operation's request schema (the required fields, with values of the
right type), so they pass Ninja's validation and reach the view, where scoping comes first. Each
request runs in a savepoint that is rolled back, so writes do not disturb the next request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from phinong.accounts.models import User
from phinong.api.auth import issue_token

ROLES = ["demo-dept", "demo-viewer", "demo-p42", "demo-d4201", "demo-t420102"]
SCOPED_ROLES = ["demo-p42", "demo-d4201", "demo-t420102"]  # province 45 is outside all three
WRITES = {"post", "put", "patch", "delete"}
UPDATES = {"put", "patch"}
MOVE = re.compile(r"/(submit|approve|return|reopen)$")  # a workflow move changes the record too


@dataclass
class Param:
    """A value inside demo-d4201's district and one in another province.

    ``area`` is the area code of the inside record: a role covers it when its own area code is a
    prefix (the department's empty code covers everything). ``scoped`` is False for a value that is
    the same for everyone (a programme, a period, a day). ``owner`` names the only user who may
    see it (an upload between preview and confirmation belongs to its uploader).
    """

    inside: Any
    outside: Any = None
    area: str = ""
    scoped: bool = True
    owner: str = ""


@dataclass
class World:
    params: dict[str, Param]
    overrides: dict[tuple[str, str], Param]
    tokens: dict[str, str]
    users: dict[str, User]
    schema: dict[str, Any] = field(default_factory=dict)


def _build(
    tokens: dict[str, str], users: dict[str, User]
) -> tuple[dict[str, Param], dict[tuple[str, str], Param]]:
    """PARAMS: every path parameter NAME the API uses → an inside and an outside value."""
    from phinong.centres.models import SharingCentre
    from phinong.geo.models import Tambon, Village
    from phinong.partners.models import Partner, PartnerKind
    from phinong.programmes.models import Activity, Pair, Programme
    from phinong.register.models import Member, MemberRole, PendingUpload
    from phinong.reports.models import ReportPeriod, TambonReport
    from phinong.workshops.models import ActivityRecord, Workshop

    programme = Programme.objects.get(code="198/2564")
    inside_t, outside_t = Tambon.objects.get(code="420102"), Tambon.objects.get(code="450102")
    activity = Activity.objects.filter(programme=programme).order_by("number").first()
    assert activity is not None

    def village(tambon: Tambon) -> Village:
        found = Village.objects.filter(tambon=tambon).first()
        return found or Village.objects.create(
            code=f"{tambon.code}01", tambon=tambon, moo=1, name_th="หมู่ทดสอบ"
        )

    def workshop(tambon: Tambon) -> Workshop:
        found = Workshop.objects.filter(programme=programme, tambons=tambon).first()
        if found is None:
            found = Workshop.objects.create(
                programme=programme,
                activity=activity,
                title="อบรมนอกพื้นที่",
                starts_on=dt.date(2026, 1, 10),
                organiser_code=tambon.code[:4],
            )
            found.tambons.add(tambon)
        return found

    def record(tambon: Tambon) -> ActivityRecord:
        return ActivityRecord.objects.get_or_create(activity=activity, tambon=tambon)[0]

    def centre(tambon: Tambon) -> SharingCentre:
        found = SharingCentre.objects.filter(tambon=tambon).first()
        return found or SharingCentre.objects.create(
            name="ศูนย์ทดสอบ", tambon=tambon, operator="กลุ่มทดสอบ"
        )

    def partner(tambon: Tambon) -> Partner:
        found = Partner.objects.filter(owner_code=tambon.code[:4]).first()
        if found is None:
            found = Partner.objects.create(
                name="ภาคีทดสอบ", kind=PartnerKind.values[0], owner_code=tambon.code[:4]
            )
            found.links.create(tambon=tambon)
        return found

    def leader(tambon: Tambon) -> Member:
        found = Member.objects.filter(
            programme=programme, tambon=tambon, role=MemberRole.LEADER
        ).first()
        assert found is not None, f"the demo has no leader in {tambon.code}"
        return found

    def report(tambon: Tambon) -> TambonReport:
        found = TambonReport.objects.filter(tambon=tambon).first()
        assert found is not None, f"the demo has no report of {tambon.code}"
        return found

    def upload(username: str) -> str:
        token = f"test{username.replace('-', '')}"[:32]
        PendingUpload.objects.create(
            token=token,
            user=users.get(username) or User.objects.get(username=username),
            programme=programme,
            filename="register.xlsx",
            checksum="0" * 64,
            data=b"",
        )
        return token

    def lesson(tambon: Tambon) -> int | None:
        try:
            from phinong.lessons.models import Lesson
        except ImportError:  # pragma: no cover - lessons not there yet
            return None
        return Lesson.objects.get_or_create(programme=programme, tambon=tambon)[0].pk

    def photo(tambon: Tambon) -> int:
        """A photo of the tambon's write-up: the demo's, or one made here (its file is never read)."""
        from phinong.lessons.models import Lesson, LessonPhoto

        found = Lesson.objects.get_or_create(programme=programme, tambon=tambon)[0]
        existing = LessonPhoto.objects.filter(lesson=found).order_by("pk").first()
        return (
            existing
            or LessonPhoto.objects.create(
                lesson=found,
                image=f"lessons/test-{tambon.code}.jpg",
                content_type="image/jpeg",
                width=1,
                height=1,
                size=1,
                caption="ภาพทดสอบ",
            )
        ).pk

    def job(username: str) -> int:
        from phinong.jobs.models import Job, JobKind

        owner = users.get(username) or User.objects.get(username=username)
        return Job.objects.create(
            owner=owner, kind=JobKind.REPORT_PDF, area_code=owner.area_code, parameters={}
        ).pk

    pair_in = Pair.objects.get(programme=programme, younger=inside_t)
    pair_out = Pair.objects.get(programme=programme, younger=outside_t)
    period = ReportPeriod.objects.filter(programme=programme).order_by("pk").first()
    assert period is not None
    params = {
        "programme_id": Param(programme.pk, scoped=False),
        "period_id": Param(period.pk, scoped=False),
        "day": Param(1, scoped=False),
        "activity": Param(activity.number, scoped=False),  # in bodies only: its number
        "code": Param("420102", "450102", area="420102"),
        "pair_id": Param(pair_in.pk, pair_out.pk, area="420102"),
        "member_id": Param(leader(inside_t).pk, leader(outside_t).pk, area="420102"),
        "village_id": Param(village(inside_t).pk, village(outside_t).pk, area="420102"),
        "workshop_id": Param(workshop(inside_t).pk, workshop(outside_t).pk, area="4201"),
        "record_id": Param(record(inside_t).pk, record(outside_t).pk, area="420102"),
        "report_id": Param(report(inside_t).pk, report(outside_t).pk, area="420102"),
        "centre_id": Param(centre(inside_t).pk, centre(outside_t).pk, area="420102"),
        "partner_id": Param(partner(inside_t).pk, partner(outside_t).pk, area="4201"),
        "import_id": Param(upload("demo-d4201"), upload("demo-d4501"), owner="demo-d4201"),
        "lesson_id": Param(lesson(inside_t), lesson(outside_t), area="420102"),
        "photo_id": Param(photo(inside_t), photo(outside_t), area="420102"),
        "job_id": Param(job("demo-d4201"), job("demo-d4501"), area="4201"),
    }
    # A district's or province's code where the operation is about a quota, not a tambon.
    overrides = {
        ("/api/v1/programmes/{programme_id}/quotas/{code}", "code"): Param("4201", "4501", "4201"),
    }
    return params, overrides


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The demo, seeded once for the module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", password="a-demo-password", stdout=StringIO())
        users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
        tokens = {name: issue_token(users[name]) for name in ROLES}
        params, overrides = _build(tokens, users)
        schema = json.loads(
            Client(headers={"Authorization": f"Bearer {tokens['demo-dept']}"})
            .get("/api/v1/openapi.json")
            .content
        )
        yield World(params, overrides, tokens, users, schema)
        transaction.set_rollback(True)


# Bodies from the request schema --------------------------------------------------------------


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = root["components"]["schemas"][name]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0], root)
    return schema


def example(schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """A value valid for the schema, from its required parts only."""
    schema = _resolve(schema, root)
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, root).get("type") != "null"]
            return example(options[0] if options else schema[key][0], root)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: example(props[name], root) for name in schema.get("required", [])}
    if kind == "array":
        n = schema.get("minItems", 0)
        return [example(schema.get("items", {}), root) for _ in range(n)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "number":
        return "1.00" if schema.get("format") == "decimal" else 1
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date":
            return "2026-01-15"
        if fmt == "date-time":
            return "2026-01-15T09:00:00+07:00"
        if fmt == "binary":
            return b"not a spreadsheet"
        if fmt == "decimal":
            return "1.00"
        return "ทดสอบ" * max(1, -(-schema.get("minLength", 1) // 5))
    return None


@dataclass
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def path_params(self) -> list[str]:
        return [p["name"] for p in self.spec.get("parameters", []) if p["in"] == "path"]


def operations(schema: dict[str, Any]) -> list[Operation]:
    return [
        Operation(method, path, spec)
        for path, item in schema["paths"].items()
        for method, spec in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _request(
    world: World,
    op: Operation,
    username: str,
    side: str,
    headers: dict[str, str] | None = None,
) -> Any:
    """Send the operation as `username` with the inside or outside values; rolled back after."""
    url = op.path
    for name in op.path_params():
        param = world.overrides.get((op.path, name)) or world.params[name]
        value = param.inside if side == "inside" or not param.scoped else param.outside
        url = url.replace("{" + name + "}", str(value))
    query = {
        p["name"]: example(p["schema"], world.schema)
        for p in op.spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    client = Client(
        headers={"Authorization": f"Bearer {world.tokens[username]}", **(headers or {})}
    )
    kwargs: dict[str, Any] = {}
    body = op.spec.get("requestBody", {}).get("content", {})
    if "application/json" in body:
        data = example(body["application/json"]["schema"], world.schema)
        if isinstance(data, dict):
            props = _resolve(body["application/json"]["schema"], world.schema).get("properties", {})
            data |= {k: v for k, v in _body_refs(world, side).items() if k in props}
        kwargs = {"data": json.dumps(data), "content_type": "application/json"}
    elif "multipart/form-data" in body:
        from django.core.files.uploadedfile import SimpleUploadedFile

        form = example(body["multipart/form-data"]["schema"], world.schema)
        kwargs = {
            "data": {
                k: SimpleUploadedFile("register.xlsx", v) if isinstance(v, bytes) else v
                for k, v in form.items()
            }
        }
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    with transaction.atomic():
        response = getattr(client, op.method)(url, **kwargs)
        transaction.set_rollback(True)
    return response


def _body_refs(world: World, side: str) -> dict[str, Any]:
    """Body fields that name a record: filled with the inside or the outside one, so a write that
    points outside the area is refused with 404 like a path that does."""

    def value(name: str) -> Any:
        param = world.params[name]
        return param.inside if side == "inside" or not param.scoped else param.outside

    return {
        "tambon": value("code"),
        "younger": value("code"),
        "elder": value("code"),
        "tambons": [value("code")],
        "add_tambons": [value("code")],
        "village": value("village_id"),
        "present": [value("member_id")],
        "partners": [value("partner_id")],
        "activity": value("activity"),
    }


def _covers(world: World, op: Operation, username: str) -> bool:
    """Whether the user's area covers every inside record the operation names."""
    user = world.users[username]
    for name in op.path_params():
        param = world.overrides.get((op.path, name)) or world.params[name]
        if param.owner and param.owner != username:
            return False
        if param.scoped and not param.owner and not param.area.startswith(user.area_code):
            return False
    return True


def _is_scoped(world: World, op: Operation) -> bool:
    return any(
        (world.overrides.get((op.path, n)) or world.params[n]).scoped for n in op.path_params()
    )


# The tests -----------------------------------------------------------------------------------


@pytest.fixture
def fresh(world: World, settings: Any, db: None) -> World:
    settings.API_RATE_LIMIT = "100000/m"
    cache.clear()
    return world


def test_every_path_parameter_is_in_the_table(fresh: World) -> None:
    """A new endpoint's parameter must be added to PARAMS, with records inside and outside."""
    unknown = {
        f"{op.id}: {name}"
        for op in operations(fresh.schema)
        for name in op.path_params()
        if name not in fresh.params
    }
    assert not unknown, f"add these path parameters to PARAMS in {__file__}: {sorted(unknown)}"
    missing = [name for name, p in fresh.params.items() if p.inside is None]
    used = {name for op in operations(fresh.schema) for name in op.path_params()}
    assert not (set(missing) & used), f"no demo record for {sorted(set(missing) & used)}"


def _run(world: World, check: Callable[[Operation], list[str]]) -> None:
    problems = [p for op in operations(world.schema) for p in check(op)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("username", ROLES)
def test_inside_the_area_nothing_is_hidden_or_broken(fresh: World, username: str) -> None:
    def check(op: Operation) -> list[str]:
        if any(n not in fresh.params for n in op.path_params()):
            return [f"{op.id}: a path parameter is not in PARAMS"]
        headers = {"If-Match": "*"} if op.method in WRITES else {}
        response = _request(fresh, op, username, "inside", headers)
        status, found = response.status_code, []
        if status >= 500:
            found.append(f"{op.id} as {username}: {status}")
        if status == 404 and _covers(fresh, op, username):
            found.append(f"{op.id} as {username}: 404 inside the area")
        if (
            username == "demo-viewer"
            and op.method in WRITES
            and _covers(fresh, op, username)
            and status != 403
        ):
            found.append(f"{op.id} as demo-viewer (reads only): {status}, not 403")
        if (
            op.method == "get"
            and status == 200
            and op.path.endswith("_id}")
            and not response.has_header("ETag")
        ):
            found.append(f"{op.id} as {username}: a record without an ETag")
        if status >= 400 and not response["Content-Type"].startswith("application/problem+json"):
            found.append(f"{op.id} as {username}: {status} is not problem+json")
        return found

    _run(fresh, check)


@pytest.mark.parametrize("username", SCOPED_ROLES)
def test_outside_the_area_everything_is_404(fresh: World, username: str) -> None:
    def check(op: Operation) -> list[str]:
        if any(n not in fresh.params for n in op.path_params()):
            return [f"{op.id}: a path parameter is not in PARAMS"]
        if not _is_scoped(fresh, op):
            return []
        headers = {"If-Match": "*"} if op.method in WRITES else {}
        status = _request(fresh, op, username, "outside", headers).status_code
        if status == 404:
            return []
        if status == 403 and _request(fresh, op, username, "inside", headers).status_code == 403:
            return []  # the role may not do this anywhere: the answer tells nothing of the record
        return [f"{op.id} as {username} outside the area: {status}"]

    _run(fresh, check)


def test_an_update_needs_a_current_if_match(fresh: World) -> None:
    """demo-d4201 updating records of its district: no If-Match is 428, a stale one 412."""

    def check(op: Operation) -> list[str]:
        if not (op.method in UPDATES or MOVE.search(op.path)) or any(
            n not in fresh.params for n in op.path_params()
        ):
            return []
        found = []
        for headers, wanted in (({}, 428), ({"If-Match": '"stale"'}, 412)):
            status = _request(fresh, op, "demo-d4201", "inside", headers).status_code
            if status not in (wanted, 403):
                found.append(f"{op.id} with If-Match {headers.get('If-Match')}: {status}")
        return found

    _run(fresh, check)
