import gzip
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import Cast, add_leaders
from phinong.accounts.models import User
from phinong.audit.models import AuditEvent
from phinong.geo.models import Tambon
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member


def snapshot() -> dict[str, object]:
    return {
        "tambons": Tambon.objects.count(),
        "users": sorted(User.objects.values_list("username", "role", "area_code")),
        "pairs": sorted(Pair.objects.values_list("younger_id", "elder_id")),
        "members": sorted(Member.objects.values_list("national_id", "tambon_id", "version")),
        "audit": AuditEvent.objects.count(),
    }


def test_restore_brings_back_exactly_what_the_backup_held(
    tmp_path: Path, cast: Cast, pair_a1: Pair, phase2: Programme
) -> None:
    add_leaders(cast.dist_a1, phase2, "420102", 3)
    before = snapshot()
    path = tmp_path / "phinong.json.gz"
    call_command("backup", str(path))
    with gzip.open(path) as stream:
        assert stream.read(1) == b"["

    Member.objects.all().delete()
    User.objects.create(username="intruder")
    call_command("restore", str(path), interactive=False)

    assert snapshot() == before
    user = User.objects.get(username=cast.dist_a1.username)
    assert user.check_password("a-long-test-password-42")


def test_a_broken_backup_changes_nothing(tmp_path: Path, cast: Cast, pair_a1: Pair) -> None:
    before = snapshot()
    path = tmp_path / "broken.json"
    path.write_text('[{"model": "register.member", "pk": 1, "fields": {"tambon": "999999"}}]')
    with pytest.raises(Exception):  # noqa: B017 - loaddata raises several kinds
        call_command("restore", str(path), interactive=False)
    assert snapshot() == before


def test_restore_refuses_a_missing_file(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "nothing.json"), interactive=False)
