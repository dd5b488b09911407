"""The docs promise commands, settings and targets: these tests fail when a promise is not kept."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text(encoding="utf-8")
OUR_COMMANDS = {
    name
    for name, app in get_commands().items()
    if isinstance(app, str) and app.startswith("phinong")
}


def test_the_readme_starts_with_the_two_commands() -> None:
    top = "\n".join(README.splitlines()[:10])
    assert "make run" in top
    assert "make test" in top


def test_every_management_command_of_ours_is_in_the_readme() -> None:
    assert {"load_geography", "seed_demo", "create_api_token"} <= OUR_COMMANDS
    for name in OUR_COMMANDS:
        assert f"manage.py {name}" in README, name


def test_every_command_the_readme_names_exists() -> None:
    named = set(re.findall(r"manage\.py (\w+)", README))
    builtin = {"migrate", "collectstatic", "createsuperuser"}
    assert named - builtin <= OUR_COMMANDS


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"make (\w+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_the_env_example_lists_exactly_the_settings_read_from_the_environment() -> None:
    source = (ROOT / "phinong" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\("([A-Z_]+)"', source))
    example = set(re.findall(r"^#? ?([A-Z][A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read == example


def test_ci_calls_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_readme_screenshots_exist() -> None:
    for path in re.findall(r"\]\((docs/screenshots/[^)]+)\)", README):
        assert (ROOT / path).is_file(), path
