"""`seed_demo --scale national`: the whole country, for the benchmarks (programmes NAT-1 and NAT-2).

Every tambon of the 76 CDD provinces takes part (Bangkok is outside): about one in seven is an
elder tambon of NAT-1 (a target tambon, as phase 1 was), every other one is a younger tambon of
NAT-2, paired with an elder tambon of its district (else of its province). Each of them has 15
leaders (about 110,000 in all, with valid synthetic national IDs starting with 99), the villages
its reports count, records of the four activities, a two-day online workshop per district with
its attendance, four periods of reports, mostly approved with believable figures, and sharing
centres in about a third of the younger tambons with their donations and distributions.

The rows are written in bulk (`core.bulk.insert_rows`: executemany on SQLite, COPY on PostgreSQL),
not through the services, but they are the rows the services would write: versions, states,
workflow transitions, submission and approval times dated inside the programme (August to
September 2564), IDs with their check digit. No audit rows: it is load, not anybody's work.
District and province officers of the whole country (nat-d<code>, nat-p<code>, who cannot sign in)
are the actors the rows name.

Each step looks first and writes only what is missing, so a second run changes nothing, and every
random choice is seeded by the tambon's code, so a partial run completes to the same data.
`limit` (tests only) keeps the first few tambons of each province.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Count

from phinong.accounts.models import Role, User
from phinong.centres.models import HouseholdKind, MovementKind, SharingCentre, StockMovement
from phinong.core.bulk import insert_rows
from phinong.dashboards.tallies import rebuild as rebuild_tallies
from phinong.demo.clock import at
from phinong.demo.scenario import (
    ACTIVITIES,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LAST_NAMES,
    POSITIONS,
)
from phinong.geo.models import District, Tambon, Village
from phinong.lib.national_id import with_check_digit
from phinong.programmes import services as programmes
from phinong.programmes.models import Activity, Pair, Programme, ProvinceQuota, TargetTambon
from phinong.register.models import Member, MemberRole
from phinong.reports import services as reports
from phinong.reports.models import ReportPeriod, ReportState, ReportTransition, TambonReport
from phinong.workshops.models import ActivityRecord, ActivityStatus, Attendance, Workshop

NATIONAL_PHASE1 = "NAT-1"
NATIONAL_PHASE2 = "NAT-2"
ELDER_SHARE = 1000 / 7255  # phase 1 had about 1,000 elder tambons (ตำบลบ้านพี่ ๑,๐๐๐ ตำบล)
LEADERS = 15
CENTRE_SHARE = 0.3

# (approved, submitted, returned, draft); the rest have not reported. Later periods lag more.
REPORT_MIX = {
    1: (0.90, 0.03, 0.02, 0.02),
    2: (0.86, 0.05, 0.02, 0.03),
    3: (0.76, 0.08, 0.03, 0.04),
    4: (0.62, 0.10, 0.03, 0.07),
}
LATE_SHARE = 0.1
RETURN_REASON = "จำนวนครัวเรือนไม่ตรงกับทะเบียน กรุณาตรวจสอบและแนบภาพถ่ายกิจกรรม"
NARRATIVES = (
    "ปลูกผักสวนครัวรั้วกินได้ทุกครัวเรือน แบ่งปันผลผลิตผ่านศูนย์แบ่งปัน",
    "เลี้ยงไก่ไข่และเพาะเห็ดร่วมกับวัดและโรงเรียน",
    "แปลงผักรวมของหมู่บ้าน และตลาดนัดแลกเปลี่ยนผลผลิต",
    "ธนาคารอาหารชุมชน ส่งถุงยังชีพให้ครัวเรือนกักตัว",
    "เลี้ยงปลาในบ่อชุมชน ปลูกสมุนไพรไว้ใช้ในครัวเรือน",
)
VILLAGE_PARTS = (
    ("หนอง", "โคก", "นา", "ดอน", "ห้วย", "โนน", "ท่า", "ป่า", "บึง", "วัง"),
    ("ใหญ่", "น้อย", "แก", "ผือ", "คำ", "ทอง", "สว่าง", "เจริญ", "ไผ่", "บัว", "จาน", "แดง"),
)
ITEMS = (("ข้าวสาร", "กก."), ("ผักสด", "กก."), ("ถุงยังชีพ", "ถุง"), ("ไข่ไก่", "แผง"))
DONORS = ("วัดประจำตำบล", "องค์การบริหารส่วนตำบล", "ร้านค้าชุมชน", "กลุ่มวิสาหกิจชุมชน")


def _rng(code: str, salt: int) -> random.Random:
    return random.Random(int(code) * 100 + salt)  # noqa: S311 - synthetic benchmark data


def national_id(programme_number: int, tambon: str, number: int) -> str:
    """99 + tambon code + the leader's number + the programme (1 or 2) + the check digit."""
    return with_check_digit(f"99{tambon}{number:02d}{programme_number:02d}")


def seed_national(*, limit: int | None = None) -> list[str]:
    dept = User.objects.get(username="demo-dept")
    nat1 = Programme.objects.filter(code=NATIONAL_PHASE1).first() or programmes.create_programme(
        actor=dept,
        code=NATIONAL_PHASE1,
        name="ข้อมูลจำลองระดับประเทศ ระยะที่ ๑",
        fiscal_year=2563,
        starts_on=dt.date(2020, 6, 1),
        ends_on=dt.date(2020, 9, 30),
    )
    nat2 = Programme.objects.filter(code=NATIONAL_PHASE2).first() or programmes.create_programme(
        actor=dept,
        code=NATIONAL_PHASE2,
        name="ข้อมูลจำลองระดับประเทศ ระยะที่ ๒",
        fiscal_year=2564,
        starts_on=dt.date(2021, 8, 1),
        ends_on=dt.date(2021, 9, 30),
        extends=nat1,
    )
    for number, name, due_on, participants in ACTIVITIES:
        if not Activity.objects.filter(programme=nat2, number=number).exists():
            programmes.save_activity(
                actor=dept,
                programme=nat2,
                number=number,
                name=name,
                due_on=due_on,
                participants=participants,
            )
    reports.periods_from_activities(actor=dept, programme=nat2)

    codes = _tambons(limit)
    officers = _officers(codes)
    elders, youngers = _select(nat1, nat2, codes, officers)
    _quotas(nat1, elders)
    _quotas(nat2, youngers)
    _leaders(nat1, 1, elders, officers, None)
    pairs = dict(Pair.objects.filter(programme=nat2).values_list("younger_id", "pk"))
    _leaders(nat2, 2, youngers, officers, pairs)
    _villages(youngers)
    _records(nat2, youngers, officers)
    _workshops(nat2, youngers, officers)
    _reports(nat2, youngers, officers)
    _centres(youngers, officers)
    with connection.cursor() as cursor:
        # Fresh planner statistics after a bulk load, on both databases: without them PostgreSQL
        # counts the leaders who completed a workshop by a nested loop (minutes, not seconds).
        cursor.execute("ANALYZE")
    tallies = rebuild_tallies()  # the rows above went in by bulk, past the tallies' hooks
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # and of the rollup's rows

    counts = {
        "targets": TargetTambon.objects.filter(programme=nat1).count(),
        "pairs": Pair.objects.filter(programme=nat2).count(),
        "leaders": Member.objects.filter(programme__in=[nat1, nat2]).count(),
        "attendance": Attendance.objects.filter(workshop__programme=nat2).count(),
        "reports": TambonReport.objects.filter(period__programme=nat2).count(),
        "movements": StockMovement.objects.filter(centre__tambon_id__in=youngers).count(),
    }
    return [
        f"national scale: {counts['targets']} elder tambons in {NATIONAL_PHASE1}, "
        f"{counts['pairs']} pairs in {NATIONAL_PHASE2}, {counts['leaders']} leaders, "
        f"{counts['attendance']} attendance rows, {counts['reports']} reports, "
        f"{counts['movements']} sharing-centre movements",
        f"dashboard tallies: {tallies} rows",
    ]


def _tambons(limit: int | None) -> dict[str, list[str]]:
    """{province: [tambon codes]} of the CDD's provinces."""
    by_province: dict[str, list[str]] = defaultdict(list)
    for code in (
        Tambon.objects.filter(district__province__in_cdd_scope=True)
        .order_by("code")
        .values_list("code", flat=True)
    ):
        if limit is None or len(by_province[code[:2]]) < limit:
            by_province[code[:2]].append(code)
    return dict(by_province)


def _officers(codes: dict[str, list[str]]) -> dict[str, int]:
    """{area code: user id} of a province officer and a district officer for every area."""
    districts = {c[:4] for tambons in codes.values() for c in tambons}
    wanted = {f"nat-p{p}": (Role.PROVINCE, p) for p in codes} | {
        f"nat-d{d}": (Role.DISTRICT, d) for d in districts
    }
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    names = dict(District.objects.filter(code__in=districts).values_list("code", "name_th"))
    unusable = make_password(None)  # they are named by the rows; nobody signs in as them
    User.objects.bulk_create(
        [
            User(
                username=username,
                role=role,
                area_code=area,
                first_name=f"สพอ.{names[area]}" if role == Role.DISTRICT else "สพจ.",
                password=unusable,
            )
            for username, (role, area) in sorted(wanted.items())
            if username not in have
        ],
        batch_size=500,
    )
    return {
        user.area_code: user.pk
        for user in User.objects.filter(username__in=wanted).only("pk", "area_code")
    }


def _select(
    nat1: Programme, nat2: Programme, codes: dict[str, list[str]], officers: dict[str, int]
) -> tuple[list[str], list[str]]:
    """Elder tambons (NAT-1 targets) and younger tambons (NAT-2 pairs): every tambon is one."""
    elders = set(TargetTambon.objects.filter(programme=nat1).values_list("tambon_id", flat=True))
    paired = dict(Pair.objects.filter(programme=nat2).values_list("younger_id", "elder_id"))
    new_targets, new_pairs = [], []
    for province, tambons in sorted(codes.items()):
        mine = [c for c in tambons if c in elders]
        if not mine:
            share = max(1, round(len(tambons) * ELDER_SHARE))
            mine = sorted(_rng(province, 1).sample(tambons, share))
            elders.update(mine)
            new_targets += [
                {
                    "programme_id": nat1.pk,
                    "tambon_id": c,
                    "created_by_id": officers[c[:4]],
                    "created_at": at(2020, 6, 15, 10),
                }
                for c in mine
            ]
        by_district: dict[str, list[str]] = defaultdict(list)
        for code in mine:
            by_district[code[:4]].append(code)
        for code in tambons:
            if code in elders or code in paired:
                continue
            elder = _rng(code, 2).choice(by_district.get(code[:4]) or mine)
            paired[code] = elder
            new_pairs.append(
                {
                    "programme_id": nat2.pk,
                    "younger_id": code,
                    "elder_id": elder,
                    "created_by_id": officers[code[:4]],
                    "created_at": at(2021, 8, 4 + int(code[-2:]) % 10, 10),
                }
            )
    insert_rows(TargetTambon, new_targets)
    insert_rows(Pair, new_pairs)
    wanted = {c for tambons in codes.values() for c in tambons}
    return sorted(elders & wanted), sorted(set(paired) & wanted)


def _quotas(programme: Programme, tambons: list[str]) -> None:
    needed: dict[str, int] = defaultdict(int)
    for code in tambons:
        needed[code[:2]] += 1
    have = dict(
        ProvinceQuota.objects.filter(programme=programme).values_list("province_id", "tambons")
    )
    ProvinceQuota.objects.bulk_create(
        [
            ProvinceQuota(programme=programme, province_id=p, tambons=n)
            for p, n in sorted(needed.items())
            if p not in have
        ]
    )
    for province, n in needed.items():
        if province in have and have[province] < n:
            ProvinceQuota.objects.filter(programme=programme, province_id=province).update(
                tambons=n
            )


def _leaders(
    programme: Programme,
    number: int,
    tambons: list[str],
    officers: dict[str, int],
    pairs: dict[str, int] | None,
) -> None:
    """15 leaders for each tambon that has none (a younger tambon's leaders are on its pair)."""
    have = set(
        Member.objects.filter(programme=programme, role=MemberRole.LEADER)
        .values_list("tambon_id", flat=True)
        .distinct()
    )
    day = at(2020, 6, 20, 10) if pairs is None else at(2021, 8, 10, 10)

    def rows() -> Iterable[dict[str, Any]]:
        for code in tambons:
            if code in have:
                continue
            rng = _rng(code, 10 + number)
            for n in range(1, LEADERS + 1):
                female = rng.random() < 0.5
                position, kind = rng.choice(POSITIONS)
                yield {
                    "programme_id": programme.pk,
                    "role": MemberRole.LEADER,
                    "tambon_id": code,
                    "pair_id": pairs[code] if pairs is not None else None,
                    "title": rng.choice(["นาง", "นางสาว"]) if female else "นาย",
                    "first_name": rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M),
                    "last_name": rng.choice(LAST_NAMES),
                    "national_id": national_id(number, code, n),
                    "sex": "F" if female else "M",
                    "age": rng.randint(28, 68),
                    "phone": f"08{rng.randint(10000000, 99999999)}",
                    "position": position,
                    "leader_type": kind,
                    "version": 1,
                    "created_at": day,
                    "updated_at": day,
                }

    insert_rows(Member, rows())


def _villages(tambons: list[str]) -> None:
    """The villages of each younger tambon that has none registered: its reports count them."""
    have = set(Village.objects.values_list("tambon_id", flat=True).distinct())
    rows = []
    for code in tambons:
        if code in have:
            continue
        rng = _rng(code, 20)
        for moo in range(1, rng.randint(6, 14) + 1):
            rows.append(
                {
                    "code": f"{code}{moo:02d}",
                    "tambon_id": code,
                    "moo": moo,
                    "name_th": "บ้าน" + "".join(rng.choice(part) for part in VILLAGE_PARTS),
                }
            )
    insert_rows(Village, rows)


def _records(programme: Programme, tambons: list[str], officers: dict[str, int]) -> None:
    """Each younger tambon's record of activities 1-4: most done by the due date."""
    activities = list(Activity.objects.filter(programme=programme).order_by("number"))
    have = set(
        ActivityRecord.objects.filter(activity__programme=programme).values_list(
            "activity_id", "tambon_id"
        )
    )
    done_share = {1: 0.97, 2: 0.93, 3: 0.7, 4: 0.55}
    rows = []
    for code in tambons:
        rng = _rng(code, 30)
        for activity in activities:
            roll, ended, took = rng.random(), rng.randint(0, 5), rng.randint(3, 12)
            if (activity.pk, code) in have:
                continue
            if roll < done_share[activity.number]:
                status = ActivityStatus.DONE
            elif roll < done_share[activity.number] + 0.2:
                status = ActivityStatus.IN_PROGRESS
            else:
                continue  # not recorded yet
            finished = activity.due_on - dt.timedelta(days=ended)
            started = max(programme.starts_on, finished - dt.timedelta(days=took))
            rows.append(
                {
                    "activity_id": activity.pk,
                    "tambon_id": code,
                    "status": status,
                    "started_on": started,
                    "finished_on": finished if status == ActivityStatus.DONE else None,
                    "participants": LEADERS,
                    "notes": "ดำเนินการตามแผน",
                    "version": 1,
                    "updated_at": at(finished.year, finished.month, finished.day, 16),
                }
            )
    insert_rows(ActivityRecord, rows)


def _workshops(programme: Programme, tambons: list[str], officers: dict[str, int]) -> None:
    """Activity 2: a two-day online workshop per district, 30-31 August 2564, with attendance."""
    activity = Activity.objects.get(programme=programme, number=2)
    have = set(
        Workshop.objects.filter(programme=programme).values_list("organiser_code", flat=True)
    )
    by_district: dict[str, list[str]] = defaultdict(list)
    for code in tambons:
        if code[:4] not in have:
            by_district[code[:4]].append(code)
    if not by_district:
        return
    names = dict(District.objects.filter(code__in=by_district).values_list("code", "name_th"))
    created = at(2021, 8, 16, 10)
    insert_rows(
        Workshop,
        (
            {
                "programme_id": programme.pk,
                "activity_id": activity.pk,
                "title": f"การประชุมเชิงปฏิบัติการผู้นำการเปลี่ยนแปลง (ออนไลน์) อำเภอ{names[d]}",
                "starts_on": dt.date(2021, 8, 30),
                "days": 2,
                "mode": "online",
                "platform": "Zoom",
                "link_or_venue": f"https://zoom.us/j/55{d}0000",
                "organiser_code": d,
                "version": 1,
                "created_at": created,
            }
            for d in sorted(by_district)
        ),
    )
    workshops = dict(
        Workshop.objects.filter(programme=programme, organiser_code__in=by_district).values_list(
            "organiser_code", "pk"
        )
    )
    through = Workshop.tambons.through
    insert_rows(
        through,
        (
            {"workshop_id": workshops[d], "tambon_id": code}
            for d, codes in sorted(by_district.items())
            for code in codes
        ),
    )
    members: dict[str, list[int]] = defaultdict(list)
    for pk, code in (
        Member.objects.filter(programme=programme, role=MemberRole.LEADER)
        .order_by("pk")
        .values_list("pk", "tambon_id")
    ):
        if code[:4] in by_district:
            members[code].append(pk)

    def rows() -> Iterable[dict[str, Any]]:
        for code, leaders in sorted(members.items()):
            rng = _rng(code, 40)
            for pk in leaders:
                present = rng.random()
                for day in (1, 2):
                    if present < (0.97 if day == 1 else 0.92):
                        yield {
                            "workshop_id": workshops[code[:4]],
                            "member_id": pk,
                            "day": day,
                            "source": "zoom",
                            "recorded_by_id": officers[code[:4]],
                            "recorded_at": at(2021, 8, 29 + day, 16, 30),
                        }

    insert_rows(Attendance, rows())


def _figures(code: str, number: int, villages: int, centre: bool) -> dict[str, Any]:
    """Believable figures, growing a little each period, that break none of the report rules."""
    rng = _rng(code, 50)
    households = rng.randint(40, 160)
    villages_covered = rng.randint(max(1, villages // 2), villages)
    partners = rng.randint(1, 6)
    baht = rng.randint(150, 600)
    hici = rng.randint(0, households // 6)
    growth = 1 + 0.15 * (number - 1)
    households = round(households * growth)
    hici = round(hici * growth)
    return {
        "households": households,
        "villages_covered": villages_covered,
        "partner_networks": partners,
        "expenses_reduced": Decimal(households * baht) + Decimal(rng.randint(0, 99)) / 100,
        "active_centres": 1 if centre else 0,
        "hici_households": hici,
        "food_packs": hici * rng.randint(2, 5) if centre else 0,
        "narrative": rng.choice(NARRATIVES),
    }


def _reports(programme: Programme, tambons: list[str], officers: dict[str, int]) -> None:
    """Four periods of reports: mostly approved, some waiting, returned, drafts or missing."""
    periods = list(ReportPeriod.objects.filter(programme=programme).order_by("number"))
    have = set(
        TambonReport.objects.filter(period__programme=programme).values_list(
            "period_id", "tambon_id"
        )
    )
    villages = dict(
        Village.objects.values("tambon_id").annotate(n=Count("pk")).values_list("tambon_id", "n")
    )
    centres = _centre_tambons(tambons)
    rows, moves = [], []
    for code in tambons:
        for period in periods:
            if (period.pk, code) in have:
                continue
            rng = _rng(code, 60 + period.number)
            roll, mix = rng.random(), REPORT_MIX[period.number]
            states = (
                ReportState.APPROVED,
                ReportState.SUBMITTED,
                ReportState.RETURNED,
                ReportState.DRAFT,
            )
            state = None
            for candidate, share in zip(states, mix, strict=True):
                if roll < share:
                    state = candidate
                    break
                roll -= share
            if state is None:
                continue  # not reported yet
            late = rng.random() < LATE_SHARE
            offset = rng.randint(1, 4) if late else -rng.randint(0, 5)
            day = period.due_on + dt.timedelta(days=offset)
            saved = at(day.year, day.month, day.day, 9) - dt.timedelta(days=1)
            submitted = at(day.year, day.month, day.day, 10 + rng.randint(0, 6))
            reviewed = submitted + dt.timedelta(days=rng.randint(1, 3), hours=1)
            row = _figures(code, period.number, villages.get(code, 0), code in centres) | {
                "period_id": period.pk,
                "tambon_id": code,
                "state": state,
                "created_at": saved,
                "updated_at": saved,
                "version": 1,
            }
            district, province = officers[code[:4]], officers[code[:2]]
            if state != ReportState.DRAFT:
                row |= {
                    "first_submitted_at": submitted,
                    "submitted_at": submitted,
                    "updated_at": submitted,
                    "version": 2,
                }
                moves.append((period.pk, code, "draft", "submitted", district, "", submitted))
            if state in (ReportState.APPROVED, ReportState.RETURNED):
                row |= {"updated_at": reviewed, "version": 3}
                reason = RETURN_REASON if state == ReportState.RETURNED else ""
                moves.append((period.pk, code, "submitted", state, province, reason, reviewed))
            if state == ReportState.APPROVED:
                row["approved_at"] = reviewed
            rows.append(row)
    insert_rows(TambonReport, rows)
    if not moves:
        return
    ids = {
        (period, code): pk
        for pk, period, code in TambonReport.objects.filter(
            period__programme=programme
        ).values_list("pk", "period_id", "tambon_id")
    }
    usernames = dict(
        User.objects.filter(pk__in=set(officers.values())).values_list("pk", "username")
    )
    insert_rows(
        ReportTransition,
        (
            {
                "report_id": ids[(period, code)],
                "from_state": before,
                "to_state": after,
                "actor_id": actor,
                "actor_username": usernames[actor],
                "reason": reason,
                "at": moment,
            }
            for period, code, before, after, actor, reason, moment in moves
        ),
    )


def _centre_tambons(tambons: list[str]) -> set[str]:
    return {code for code in tambons if _rng(code, 70).random() < CENTRE_SHARE}


def _centres(tambons: list[str], officers: dict[str, int]) -> None:
    """A sharing centre in about a third of the younger tambons, with a month of its ledger."""
    have = set(SharingCentre.objects.values_list("tambon_id", flat=True))
    chosen = sorted(_centre_tambons(tambons) - have)
    if not chosen:
        return
    first_village = dict(
        Village.objects.filter(tambon_id__in=chosen, moo=1).values_list("tambon_id", "code")
    )
    names = dict(
        Village.objects.filter(tambon_id__in=chosen, moo=1).values_list("tambon_id", "name_th")
    )
    insert_rows(
        SharingCentre,
        (
            {
                "name": f"ศูนย์แบ่งปัน{names.get(code, 'ประจำตำบล')}",
                "tambon_id": code,
                "village_id": first_village.get(code),
                "operator": f"{_rng(code, 71).choice(FIRST_NAMES_F)} {_rng(code, 72).choice(LAST_NAMES)}",
                "status": "active",
                "version": 1,
                "created_at": at(2021, 8, 2, 9, 30),
            }
            for code in chosen
        ),
    )
    centres = dict(
        SharingCentre.objects.filter(tambon_id__in=chosen).values_list("tambon_id", "pk")
    )
    rows = []
    kinds = list(HouseholdKind)
    for code in chosen:
        rng = _rng(code, 73)
        for item, unit in rng.sample(ITEMS, 2):
            quantity = rng.randint(50, 400)
            day = dt.date(2021, 8, 2) + dt.timedelta(days=rng.randint(0, 6))
            rows.append(
                _movement(centres[code], officers[code[:4]], day, item, unit, quantity)
                | {"kind": MovementKind.IN, "donor": rng.choice(DONORS)}
            )
            left = quantity
            for _ in range(rng.randint(1, 2)):
                taken = rng.randint(1, max(1, left // 2))
                left -= taken
                day += dt.timedelta(days=rng.randint(2, 9))
                rows.append(
                    _movement(centres[code], officers[code[:4]], day, item, unit, taken)
                    | {
                        "kind": MovementKind.OUT,
                        "household_kind": rng.choice(kinds),
                        "households": rng.randint(1, max(1, taken // 3)),
                    }
                )
    insert_rows(StockMovement, rows)


def _movement(
    centre: int, actor: int, day: dt.date, item: str, unit: str, quantity: int
) -> dict[str, Any]:
    return {
        "centre_id": centre,
        "occurred_on": day,
        "item": item,
        "unit": unit,
        "quantity": Decimal(quantity),
        "created_by_id": actor,
        "created_at": at(day.year, day.month, day.day, 15),
    }
