"""Security settings: `check --deploy` is clean with the README's production environment, the app
refuses to start without a secret key, the security headers, and the request body limits."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import Cast, client_for
from phinong.api.auth import issue_token

ROOT = Path(django_settings.BASE_DIR)
MB = 1024 * 1024


def readme_production_env() -> dict[str, str]:
    """The `export` lines of the README's deployment section, with a real random secret key."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Deployment", 1)[1].split("\n## ", 1)[0]
    env: dict[str, str] = {}
    for line in re.findall(r"^\s*export (.+)$", section, flags=re.M):
        for name, value in re.findall(r"(\w+)=(\"[^\"]*\"|'[^']*'|\S+)", line):
            env[name] = value.strip("\"'")
    assert "PHINONG_SECRET_KEY" in env and "PHINONG_BEHIND_TLS_PROXY" in env
    env["PHINONG_SECRET_KEY"] = "x" * 10 + os.urandom(32).hex()
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    clean = {k: v for k, v in os.environ.items() if k in keep}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_readme_s_production_environment(tmp_path: Path) -> None:
    env = readme_production_env() | {"PHINONG_VAR_DIR": str(tmp_path)}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {"PHINONG_VAR_DIR": str(tmp_path), "PHINONG_SECRET_KEY_FILE": str(tmp_path / "none")}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "PHINONG_SECRET_KEY" in result.stderr


def test_a_key_file_or_debug_is_enough(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 60 + "\n")
    base = {"PHINONG_VAR_DIR": str(tmp_path)}

    assert manage("check", env=base | {"PHINONG_SECRET_KEY_FILE": str(key_file)}).returncode == 0
    debug = base | {"PHINONG_SECRET_KEY_FILE": str(tmp_path / "none"), "PHINONG_DEBUG": "true"}
    assert manage("check", env=debug).returncode == 0


def test_make_install_writes_a_private_key_file() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^install: .*var/secret_key", makefile, flags=re.M)
    assert "umask 077" in makefile


# Headers ---------------------------------------------------------------------------------------


def test_pages_carry_a_content_security_policy_without_inline_scripts(db: None) -> None:
    policy = Client().get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["img-src"] == "'self' data:"


def test_no_template_has_an_inline_script_or_handler() -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)|\son[a-z]+=", re.I)
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_hsts_behind_tls(cast: Cast, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# Request bodies --------------------------------------------------------------------------------


class CountingStream(io.RawIOBase):
    """A request body that is 60 MB long but counts what is read of it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        size = 64 * 1024 if size is None or size < 0 else min(size, 64 * 1024)
        self.read_bytes += size
        return b"a" * size


def big_post(client: Client, path: str, length: int, **extra: Any) -> tuple[int, int]:
    stream = CountingStream()
    meta: dict[str, Any] = {"CONTENT_LENGTH": str(length), "wsgi.input": stream, **extra}
    response = client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=xyz", **meta
    )
    return response.status_code, stream.read_bytes


def test_an_anonymous_60_mb_post_to_the_login_page_is_refused_unread(db: None) -> None:
    status, read = big_post(Client(), "/accounts/login/", 60 * MB)
    assert status == 413
    assert read == 0


def test_the_admin_login_refuses_it_too(db: None) -> None:
    assert big_post(Client(), "/admin/login/", 60 * MB) == (413, 0)


def test_a_logged_in_user_may_send_an_import_sized_body(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    assert big_post(client, "/accounts/login/", 30 * MB)[0] == 413  # above the import limit
    upload = SimpleUploadedFile("big.bin", b"x" * (3 * MB))
    response = client.post("/accounts/tokens/", {"name": "ok", "file": upload})
    assert response.status_code == 200  # 3 MB, above the anonymous limit, is read


def test_an_api_request_with_a_working_token_may_send_an_import_sized_body(cast: Cast) -> None:
    token = issue_token(cast.dist_a1)
    with_token = Client(headers={"Authorization": f"Bearer {token}"})
    assert big_post(with_token, "/api/v1/programmes", 5 * MB)[0] != 413
    forged = Client(headers={"Authorization": "Bearer phn_not-a-real-token"})
    status, read = big_post(forged, "/api/v1/programmes", 5 * MB)
    assert (status, read) == (413, 0)


def test_the_request_limit_holds_an_import_and_its_form() -> None:
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * MB
    assert django_settings.PHINONG_REQUEST_MAX_BYTES > django_settings.PHINONG_IMPORT_MAX_BYTES
