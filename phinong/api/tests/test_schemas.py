"""The OpenAPI document names each request and response schema by its class name: two different
schemas with one name would silently share one definition (a body validated by one, documented as
the other)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict
from typing import Any

from ninja import Schema

import phinong.api.routes


def _schemas() -> dict[str, list[type[Schema]]]:
    modules = [importlib.import_module("phinong.api.schemas")] + [
        importlib.import_module(f"phinong.api.routes.{m.name}")
        for m in pkgutil.iter_modules(phinong.api.routes.__path__)
    ]
    found: dict[str, list[Any]] = defaultdict(list)
    for module in modules:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                found[cls.__name__].append(cls)
    return found


def test_schemas_that_share_a_name_are_the_same_schema() -> None:
    found = _schemas()
    assert "LessonOut" in found and "ReportOut" in found  # the routes were all read
    clashes = [
        name
        for name, classes in found.items()
        if len({str(cls.model_json_schema()) for cls in classes}) > 1
    ]
    assert not clashes, f"rename these schemas, their names clash in OpenAPI: {clashes}"
