"""A small API client for the resource tests: a user's bearer token, JSON bodies and If-Match."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from phinong.accounts.models import User

API = "/api/v1"


class Api:
    def __init__(self, user: User) -> None:
        out = StringIO()
        call_command("create_api_token", user.username, stdout=out)
        self.client = Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params)

    def _send(self, method: str, path: str, body: Any, etag: str | None, **extra: Any) -> Any:
        headers = {"If-Match": etag} if etag is not None else {}
        send = getattr(self.client, method)
        data = json.dumps(body) if body is not None else ""
        return send(API + path, data, content_type="application/json", headers=headers, **extra)

    def post(self, path: str, body: Any = None, etag: str | None = None) -> Any:
        return self._send("post", path, body, etag)

    def put(self, path: str, body: Any, etag: str | None = None) -> Any:
        return self._send("put", path, body, etag)

    def delete(self, path: str, etag: str | None = None) -> Any:
        headers = {"If-Match": etag} if etag is not None else {}
        return self.client.delete(API + path, headers=headers)

    def etag(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, response.content
        return str(response["ETag"])


def is_problem(response: Any, status: int) -> bool:
    return response.status_code == status and response["Content-Type"].startswith(
        "application/problem+json"
    )
