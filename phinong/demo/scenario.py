"""The demo data of `manage.py seed_demo`: phase 1 and phase 2 (project ๑๙๘/๒๕๖๔).

Everything goes through the real services, so the demo obeys the same rules as users do.
Every step looks first and creates only what is missing, so a second run changes nothing.
Leader names are synthetic and every national ID starts with 99, with a valid check digit.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db.models import Count

from phinong.accounts.models import Role, User
from phinong.demo.clock import at, dated
from phinong.demo.lessons import seed_lessons
from phinong.demo.results import seed_results
from phinong.geo.models import District, Tambon
from phinong.geo.services import load_geography
from phinong.lib.national_id import with_check_digit
from phinong.programmes import services as programmes
from phinong.programmes.models import (
    Activity,
    Pair,
    Programme,
    ProgrammeStatus,
    TargetTambon,
)
from phinong.register import services as register
from phinong.register.models import Member, MemberRole

DEMO_PASSWORD = "phinong-demo"
PHASE1 = "PH1/2563"
PHASE2 = "198/2564"

# province: (phase 2 quota, {district: cap}, [(younger, elder), ...] paired with 15 leaders each)
DEMO_PROVINCES: dict[str, tuple[int, dict[str, int], list[tuple[str, str]]]] = {
    "42": (10, {}, [("420102", "420101"), ("420103", "420101"), ("420104", "420201")]),
    "45": (12, {"4501": 3}, [("450102", "450101"), ("450202", "450201")]),
    "39": (6, {"3901": 2, "3902": 2}, [("390102", "390101")]),
}

ACTIVITIES = [
    (
        1,
        "คัดเลือกตำบลเมืองน้องตามเป้าหมาย และคัดเลือกผู้นำการเปลี่ยนแปลงตำบลละ ๑๕ คน",
        dt.date(2021, 8, 15),
        "สำนักงานพัฒนาชุมชนอำเภอ",
    ),
    (
        2,
        "ประชุมเชิงปฏิบัติการเสริมสร้างและพัฒนาผู้นำการเปลี่ยนแปลง (ออนไลน์) ๒ วัน",
        dt.date(2021, 8, 31),
        "ผู้นำการเปลี่ยนแปลงตำบลเมืองน้อง ตำบลละ ๑๕ คน",
    ),
    (
        3,
        "ผู้นำการเปลี่ยนแปลงขับเคลื่อนการสร้างความมั่นคงทางอาหารในตำบลเมืองน้อง โดยมีตำบลบ้านพี่เป็นพี่เลี้ยง",
        dt.date(2021, 9, 30),
        "ผู้นำตำบลบ้านพี่และตำบลเมืองน้อง ภาคีเครือข่าย",
    ),
    (
        4,
        "ถอดบทเรียนการดำเนินงาน และรายงานผลให้จังหวัด",
        dt.date(2021, 9, 30),
        "สำนักงานพัฒนาชุมชนอำเภอและจังหวัด",
    ),
]

FIRST_NAMES_M = ["สมชาย", "ประเสริฐ", "บุญมี", "สมศักดิ์", "วิชัย", "ทองดี", "คำปุ่น", "สุริยา", "อนันต์", "บุญเลิศ"]
FIRST_NAMES_F = [
    "สมศรี",
    "บุญเรือน",
    "คำแพง",
    "มาลี",
    "ประนอม",
    "สุภาพ",
    "จันทร์เพ็ญ",
    "วันเพ็ญ",
    "อรุณี",
    "ทองใบ",
]
LAST_NAMES = [
    "ใจดี",
    "มีสุข",
    "ทองคำ",
    "ศรีสุข",
    "บุญมา",
    "แก้วมณี",
    "พรมมา",
    "สุขเจริญ",
    "ภูมิใจ",
    "คำแสน",
    "ชัยมงคล",
    "ผาสุก",
]
POSITIONS = [
    ("กำนัน", "formal"),
    ("ผู้ใหญ่บ้าน", "formal"),
    ("ผู้ช่วยผู้ใหญ่บ้าน", "formal"),
    ("สมาชิกสภา อบต.", "formal"),
    ("อาสาพัฒนาชุมชน", "formal"),
    ("ปราชญ์ชาวบ้าน", "informal"),
    ("อสม.", "informal"),
    ("ประธานกลุ่มอาชีพ", "informal"),
    ("ผู้นำกลุ่มสตรี", "informal"),
]


def demo_national_id(seq: int) -> str:
    return with_check_digit(f"99{seq:010d}")


def _person(rng: random.Random, seq: int) -> dict[str, object]:
    female = rng.random() < 0.5
    position, kind = rng.choice(POSITIONS)
    return {
        "title": rng.choice(["นาง", "นางสาว"]) if female else "นาย",
        "first_name": rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M),
        "last_name": rng.choice(LAST_NAMES),
        "national_id": demo_national_id(seq),
        "sex": "F" if female else "M",
        "age": rng.randint(28, 68),
        "phone": f"08{rng.randint(10000000, 99999999)}",
        "position": position,
        "leader_type": kind,
    }


def _password_hash(password: str) -> str:
    """One hash for every demo user: hashing is slow on purpose, and there are dozens of users."""
    existing = User.objects.filter(username="demo-dept").first()
    if existing is not None and existing.check_password(password):
        return existing.password
    return make_password(password)


def _user(username: str, role: Role, area_code: str, password_hash: str, first_name: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "area_code": area_code,
            "first_name": first_name,
            "password": password_hash,
        },
    )
    if user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


def seed_demo(*, password: str) -> list[str]:
    """The whole demo. Each step is dated inside its programme (see demo.clock)."""
    geo = load_geography()
    password = _password_hash(password)
    with dated(at(2020, 6, 1, 9)):
        dept = _user("demo-dept", Role.DEPT_ADMIN, "", password, "กรมการพัฒนาชุมชน")
        _user("demo-viewer", Role.DEPT_VIEWER, "", password, "ผู้ดูข้อมูลระดับกรม")
        officers: dict[str, User] = {}
        for code in DEMO_PROVINCES:
            _user(f"demo-p{code}", Role.PROVINCE, code, password, "สพจ.")
            for district in District.objects.filter(province_id=code):
                officers[district.code] = _user(
                    f"demo-d{district.code}",
                    Role.DISTRICT,
                    district.code,
                    password,
                    f"สพอ.{district.name_th}",
                )
        phase1 = _seed_phase1(dept, officers)
    with dated(at(2020, 9, 30, 16, 30)):
        if phase1.status == ProgrammeStatus.ACTIVE:
            phase1 = programmes.update_programme(
                actor=dept,
                programme=phase1,
                expected_version=phase1.version,
                status=ProgrammeStatus.CLOSED,
            )
    with dated(at(2021, 8, 2, 9)):
        phase2 = _seed_phase2(dept, phase1)
    _seed_pairs(officers, phase2)
    with dated(at(2021, 8, 10, 9)):
        leaders = _seed_tambon_leaders(phase2, password)

    results = seed_results(phase2=phase2, dept=dept, officers=officers)
    results += seed_lessons(phase2=phase2)
    counts = Member.objects.values("programme__code").annotate(n=Count("pk"))
    return [
        *results,
        f"geography: {geo.created} created, {geo.updated} updated, {geo.unchanged} unchanged",
        *(f"{row['programme__code']}: {row['n']} registered people" for row in counts),
        f"users: demo-dept, demo-viewer, {', '.join(f'demo-p{c}' for c in DEMO_PROVINCES)}, "
        f"and demo-d<district code> for all {len(officers)} districts of those provinces",
        f"tambon leaders: {', '.join(user.username for user in leaders)}",
    ]


def _seed_tambon_leaders(phase2: Programme, password_hash: str) -> list[User]:
    """A tambon-leader user, demo-t<tambon code>, for each paired younger tambon of phase 2."""
    pairs = Pair.objects.filter(programme=phase2).select_related("younger").order_by("younger")
    return [
        _user(
            f"demo-t{pair.younger_id}",
            Role.TAMBON,
            pair.younger_id,
            password_hash,
            f"ผู้นำการเปลี่ยนแปลงตำบล{pair.younger.name_th}",
        )
        for pair in pairs
    ]


def _seed_phase1(dept: User, officers: dict[str, User]) -> Programme:
    phase1 = Programme.objects.filter(code=PHASE1).first() or programmes.create_programme(
        actor=dept,
        code=PHASE1,
        fiscal_year=2563,
        starts_on=dt.date(2020, 6, 1),
        ends_on=dt.date(2020, 9, 30),
        leaders_per_tambon=15,
        status=ProgrammeStatus.ACTIVE,
        name="เสริมสร้างและพัฒนาผู้นำการเปลี่ยนแปลง ระยะที่ ๑ (ตำบลบ้านพี่ ๑,๐๐๐ ตำบล)",
    )
    for code in DEMO_PROVINCES:
        firsts = [
            Tambon.objects.filter(district=d).order_by("code")[0]
            for d in District.objects.filter(province_id=code)
        ]
        programmes.set_province_quota(
            actor=dept,
            programme=phase1,
            province=firsts[0].district.province,
            tambons=len(firsts),
        )
        for tambon in firsts:
            if not TargetTambon.objects.filter(programme=phase1, tambon=tambon).exists():
                programmes.add_target(
                    actor=officers[tambon.district_id], programme=phase1, tambon=tambon
                )
    return phase1


def _seed_phase2(dept: User, phase1: Programme) -> Programme:
    phase2 = Programme.objects.filter(code=PHASE2).first() or programmes.create_programme(
        actor=dept,
        code=PHASE2,
        fiscal_year=2564,
        starts_on=dt.date(2021, 8, 1),
        ends_on=dt.date(2021, 9, 30),
        leaders_per_tambon=15,
        status=ProgrammeStatus.ACTIVE,
        extends=phase1,
        name="เสริมสร้างและพัฒนาผู้นำการเปลี่ยนแปลง ขยายผลบ้านพี่เมืองน้อง ผนึกกำลังสร้างความมั่นคงทางอาหาร",
    )
    for number, name, due_on, participants in ACTIVITIES:
        if not Activity.objects.filter(programme=phase2, number=number).exists():
            programmes.save_activity(
                actor=dept,
                programme=phase2,
                number=number,
                name=name,
                due_on=due_on,
                participants=participants,
            )
    for code, (quota, caps, pairs) in DEMO_PROVINCES.items():
        province_officer = User.objects.get(username=f"demo-p{code}")
        programmes.set_province_quota(
            actor=dept,
            programme=phase2,
            province=Tambon.objects.get(code=pairs[0][0]).district.province,
            tambons=quota,
        )
        for district_code, cap in caps.items():
            programmes.set_district_quota(
                actor=province_officer,
                programme=phase2,
                district=District.objects.get(code=district_code),
                tambons=cap,
            )
    return phase2


def _seed_pairs(officers: dict[str, User], phase2: Programme) -> None:
    """Activity 1 (due 15 Aug 2564): each district pairs its tambons and registers their leaders,
    one tambon a day from 4 August."""
    rng = random.Random(198)  # noqa: S311 - synthetic demo names, not secrets
    seq = 0
    day = 4
    for _quota, _caps, pairs in DEMO_PROVINCES.values():
        for younger_code, elder_code in pairs:
            with dated(at(2021, 8, day, 10)):
                seq = _seed_pair(
                    officers[younger_code[:4]], phase2, younger_code, elder_code, rng, seq
                )
            day += 1


def _seed_pair(
    officer: User,
    phase2: Programme,
    younger_code: str,
    elder_code: str,
    rng: random.Random,
    seq: int,
) -> int:
    pair = Pair.objects.filter(programme=phase2, younger_id=younger_code).first()
    if pair is None:
        pair = programmes.create_pair(
            actor=officer,
            programme=phase2,
            younger=Tambon.objects.get(code=younger_code),
            elder=Tambon.objects.get(code=elder_code),
        )
    for number in range(phase2.leaders_per_tambon + 3):
        seq += 1
        person = _person(rng, seq)
        if Member.objects.filter(programme=phase2, national_id=person["national_id"]).exists():
            continue
        if number < phase2.leaders_per_tambon:
            register.add_member(
                actor=officer,
                programme=phase2,
                role=MemberRole.LEADER,
                tambon=pair.younger,
                data=person,
            )
        else:  # three mentors from the elder tambon
            register.add_member(
                actor=officer, programme=phase2, role=MemberRole.MENTOR, pair=pair, data=person
            )
    return seq
