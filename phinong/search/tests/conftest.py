from __future__ import annotations

import pytest

from conftest import Cast, person, tambon
from phinong.programmes.models import Pair, Programme
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole
from phinong.search import index


def lesson(key: str, area_code: str, programme_id: int | None = 1, /, **texts: str) -> None:
    """Index a write-up directly: `texts` maps a Thai heading to its text."""
    index.replace_documents(
        kind="lesson",
        key=key,
        programme_id=programme_id,
        area_code=area_code,
        entries=[
            index.Entry(heading=h, title=f"ต.{area_code}", text=t, url=f"/lessons/{key}/")
            for h, t in texts.items()
        ],
    )


def leader(cast: Cast, programme: Programme, code: str, **names: str) -> Member:
    actor = cast.dist_a1 if code.startswith("4201") else cast.dist_b1
    return register_services.add_member(
        actor=actor,
        programme=programme,
        role=MemberRole.LEADER,
        tambon=tambon(code),
        data=person(**names),
    )


@pytest.fixture
def leaders(cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair) -> dict[str, Member]:
    return {
        "somchai": leader(cast, phase2, "420102", first_name="สมชาย", last_name="ทองดี"),
        "malee": leader(cast, phase2, "420102", first_name="มาลี", last_name="ศรีสุข"),
        "roiet": leader(cast, phase2, "450102", first_name="สมชาย", last_name="ร้อยเอ็ด"),
    }
