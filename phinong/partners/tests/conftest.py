"""Partners built through the real services, on the standard cast (conftest.py at the root)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast, tambon
from phinong.accounts.models import User
from phinong.partners import services
from phinong.partners.models import Partner, PartnerKind


def partner_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "วัดศรีสุทธาวาส",
        "kind": PartnerKind.TEMPLE,
        "contact_person": "พระครูสุทธิธรรม",
        "phone": "0812345678",
        "note": "ให้ใช้ศาลาเป็นศูนย์แบ่งปัน",
    }
    return data | overrides


def make_partner(actor: User, *codes: str, **data: Any) -> Partner:
    return services.create_partner(
        actor=actor, data=partner_data(**data), tambons=[tambon(code) for code in codes]
    )


@pytest.fixture
def partner_a1(cast: Cast) -> Partner:
    """Registered by district 4201 (Mueang Loei); works in tambon 420102 (Mueang)."""
    return make_partner(cast.dist_a1, "420102")
