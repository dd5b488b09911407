"""The Thai translation: every message translated, placeholders kept, the .mo compiled from the
.po, the .po in step with the source, and Thai served first with English one cookie away."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_PATH = LOCALE_DIR / "th" / "LC_MESSAGES" / "django.po"
MO_PATH = LOCALE_DIR / "th" / "LC_MESSAGES" / "django.mo"

# %(name)s, %s, %d, %i, %f and {name}; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[sdif]|%[sdif]|\{\w*\}")

Key = tuple[str, str]  # (msgctxt, msgid)


def placeholders(text: str) -> set[str]:
    return {m for m in PLACEHOLDER.findall(text) if m != "%%"}


def translations(entries: polib.POFile | polib.MOFile) -> dict[Key, Any]:
    """msgid -> msgstr (or the plural forms), leaving out the header."""
    out: dict[Key, Any] = {}
    for e in entries:
        if not e.msgid or e.obsolete:
            continue
        key = (e.msgctxt or "", e.msgid)
        out[key] = tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
    return out


def describe(keys: set[Key]) -> str:
    return "\n".join(
        f"  {msgid!r}" + (f" (context {ctx!r})" if ctx else "") for ctx, msgid in sorted(keys)
    )


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def test_the_po_file_declares_thai(po: polib.POFile) -> None:
    assert po.metadata["Language"] == "th"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


def test_every_message_is_translated_and_none_is_fuzzy(po: polib.POFile) -> None:
    entries = [e for e in po if not e.obsolete]
    assert entries, f"{PO_PATH} has no messages"
    bad = {
        (e.msgctxt or "", e.msgid)
        for e in entries
        if "fuzzy" in e.flags
        or (e.msgid_plural and not all(e.msgstr_plural.values()))
        or (not e.msgid_plural and not e.msgstr)
    }
    assert not bad, f"{len(bad)} untranslated or fuzzy message(s) in {PO_PATH}:\n{describe(bad)}"


def test_translations_keep_the_placeholders_of_the_source(po: polib.POFile) -> None:
    wrong: list[str] = []
    for e in po:
        if e.obsolete:
            continue
        wanted = placeholders(e.msgid) | placeholders(e.msgid_plural or "")
        translated = e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]
        for text in translated:
            got = placeholders(text)
            if text and got != wanted:
                wrong.append(f"  {e.msgid!r}: source has {sorted(wanted)}, Thai has {sorted(got)}")
    assert not wrong, "placeholders differ between source and translation:\n" + "\n".join(wrong)


def test_the_committed_mo_is_compiled_from_the_committed_po(
    po: polib.POFile, tmp_path: Path
) -> None:
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run `make messages`"
    fresh_path = tmp_path / "django.mo"
    po.save_as_mofile(str(fresh_path))
    fresh = translations(polib.mofile(str(fresh_path)))
    committed = translations(polib.mofile(str(MO_PATH)))

    stale = {k for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k)}
    assert not stale, (
        f"{MO_PATH} is out of date with {PO_PATH} for {len(stale)} message(s); "
        f"run `python manage.py compilemessages -l th`:\n{describe(stale)}"
    )


def test_the_po_file_has_every_message_of_the_source(
    po: polib.POFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    if not (shutil.which("xgettext") and shutil.which("msgmerge") and shutil.which("msguniq")):
        pytest.skip("GNU gettext (xgettext, msgmerge, msguniq) is not installed")
    base = Path(settings.BASE_DIR)
    skip_junk = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for name in ("phinong", "templates", "locale"):
        shutil.copytree(base / name, tmp_path / name, ignore=skip_junk)
    shutil.copy2(base / "manage.py", tmp_path / "manage.py")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["th"], no_location=True, no_obsolete=True, verbosity=0)

    regenerated_po = tmp_path / "locale" / "th" / "LC_MESSAGES" / "django.po"
    regenerated = set(translations(polib.pofile(str(regenerated_po))))
    committed = set(translations(po))
    missing, stale = regenerated - committed, committed - regenerated
    assert not (missing or stale), (
        f"{PO_PATH} is out of step with the source; run `make messages`, then translate.\n"
        f"In the source but not in the .po ({len(missing)}):\n{describe(missing)}\n"
        f"In the .po but no longer in the source ({len(stale)}):\n{describe(stale)}"
    )


def test_the_login_page_is_in_thai_by_default(db: None) -> None:
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "th"
    page = response.content.decode()
    assert "เข้าสู่ระบบ" in page
    assert "รหัสผ่าน" in page
    assert "Log in" not in page


def test_the_login_page_is_in_english_when_the_language_cookie_says_so(db: None) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    page = response.content.decode()
    assert "Log in" in page
    assert "Password" in page
    assert "เข้าสู่ระบบ" not in page
