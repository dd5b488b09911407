"""Deadline day, as locust drives it: officers signed in, reading and writing as fast as they can.

bench/deadline.py prepares the plan (a JSON file named by PHINONG_LOAD_PLAN): one entry per officer
with a session cookie, the pages they read and the forms they write. Each simulated officer takes the
next entry. A district officer reads its dashboards, register and reports, and writes: saves and
submits its tambons' reports for the period due today, ticks workshop attendance, records its
activities and the sharing centre's donations. A province officer reads, and returns the reports its
districts submitted, so that they can be saved and submitted again.

A write counts as done only when the app answers with its redirect after a save; a form shown again
(invalid, or someone else's newer version) is a failure, as is any 4xx or 5xx.

`HealthUser` asks /healthz only: the same server's ceiling, measured in the same bench run.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, task

PLAN: list[dict[str, Any]] = (
    json.loads(open(os.environ["PHINONG_LOAD_PLAN"]).read())  # noqa: SIM115 - read once at import
    if os.environ.get("PHINONG_LOAD_PLAN")
    else []
)
_NEXT = itertools.count()


class FormReader(HTMLParser):
    """The fields of each POST form on a page, as a browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"id": a.get("id", ""), "action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields.append([name, a.get("value", "on"), kind])
                else:
                    fields.append([name, a.get("value", "on"), kind + "-off"])
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                fields.append([name, a.get("value", ""), a.get("inputmode", kind)])
        elif (
            tag == "button" and name
        ):  # a named submit button: sent only when it is the one pressed
            fields.append([name, a.get("value", ""), "button"])
        elif tag == "select" and name:
            self._select = name
            fields.append([name, None, "select"])
        elif tag == "option" and self._select:
            last = fields[-1]
            if last[1] is None or "selected" in a:
                last[1] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields.append([name, "", "textarea"])

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form:
            self._form["fields"][-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[dict[str, Any]]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def filled(form: dict[str, Any], **changes: str) -> list[tuple[str, str]]:
    """The form's fields as sent unchanged, blank numbers (not dates) given a small number."""
    data = []
    for name, value, kind in form["fields"]:
        if kind.endswith("-off") or kind == "button" or value is None:
            continue
        key = name.rsplit("-", 1)[-1]  # a prefixed form's field: donation-quantity
        if key in changes:
            data.append((name, changes.pop(key)))
            continue
        if kind == "textarea" and value.startswith("\n"):
            value = value[1:]  # a browser drops the newline that follows <textarea>
        if value == "" and kind in {"numeric", "decimal", "number"} and not key.endswith("_on"):
            value = "1"
        data.append((name, value))
    return data + list(changes.items())  # the changes the form did not show


class Officer(FastHttpUser):
    """One officer of the plan; tasks are weighted so that about 30% of requests are writes."""

    def on_start(self) -> None:
        self.plan = PLAN[next(_NEXT) % len(PLAN)]
        self.client.cookiejar.set_cookie(_cookie("sessionid", self.plan["session"]))
        self.rng = random.Random(self.plan["username"])  # noqa: S311 - a workload, not a secret

    # a write is a GET of its form and its POST: reads 4 to writes 3 make about 30% POSTs
    @task(4)
    def read(self) -> None:
        url = self.rng.choice(self.plan["reads"])
        self.client.get(url, name=_name(url))

    @task(3)
    def write(self) -> None:
        kinds = [k for k in ("report", "attendance", "record", "donation") if self.plan[k]]
        if self.plan["role"] == "province":
            kinds = ["return"] if self.plan["return"] else []
        if not kinds:
            return self.read()
        getattr(self, f"_write_{self.rng.choice(kinds)}")()
        return None

    def _form(self, url: str, form_id: str = "", move: str = "") -> dict[str, Any] | None:
        """The page's form with that id, or holding that workflow move, or posting to the page."""
        with self.client.get(url, name=_name(url), catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"form page {page.status_code}")
                return None
            text = page.text or ""
        for form in forms_of(text):
            if form_id and form["id"] != form_id:
                continue
            if move and ["move", move, "hidden"] not in form["fields"]:
                continue
            if not (form_id or move) and form["action"] not in {"", url}:
                continue  # the top bar's sign-out form, say: not the page's own
            return form
        return None

    def _post(self, url: str, form: dict[str, Any], data: list[tuple[str, str]]) -> None:
        target = form["action"] or url
        with self.client.post(
            target,
            data=urlencode(data),
            name=_name(target),
            headers={
                "Referer": f"{self.host}{url}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"write answered {answer.status_code}, not a redirect")

    def _write_report(self) -> None:
        url = self.rng.choice(self.plan["report"])
        form = self._form(url, form_id="report-form")
        if form is None:  # submitted: waiting for the province, nothing to save now
            return
        submit = self.rng.random() < 0.25 and ["move", "submit", "button"] in form["fields"]
        extra = {"move": "submit"} if submit else {}
        self._post(url, form, filled(form, **extra))

    def _write_attendance(self) -> None:
        url = self.rng.choice(self.plan["attendance"])
        form = self._form(url)
        if form is None:
            return
        fields = form["fields"]
        people = [value for name, value, _kind in fields if name == "present"]
        present = {
            value for name, value, kind in fields if name == "present" and kind == "checkbox"
        }
        if people:
            present ^= {self.rng.choice(people)}  # tick or untick one leader
        data = [
            (name, value)
            for name, value, kind in fields
            if name != "present" and not kind.endswith("-off") and kind != "button"
        ]
        self._post(url, form, data + [("present", value) for value in sorted(present)])

    def _write_record(self) -> None:
        url = self.rng.choice(self.plan["record"])
        form = self._form(url)
        if form is None:
            return
        count = str(self.rng.randint(10, 40))
        self._post(url, form, filled(form, participants=count))

    def _write_donation(self) -> None:
        url = self.rng.choice(self.plan["donation"])
        form = self._form(url)
        if form is None:
            return
        changes = {"donor": "ร้านค้าชุมชน", "item": "ข้าวสาร", "unit": "กก.", "quantity": "5"}
        self._post(url, form, filled(form, **changes))

    def _write_return(self) -> None:
        url = self.rng.choice(self.plan["return"])
        form = self._form(url, move="return")
        if form is None:  # nothing submitted for this tambon yet
            return self.read()
        self._post(url, form, filled(form, reason="กรุณาตรวจตัวเลขอีกครั้ง"))
        return None


class HealthUser(FastHttpUser):
    """The framework's ceiling on this server: a trivial view."""

    @task
    def health(self) -> None:
        self.client.get("/healthz")


def _name(url: str) -> str:
    """Group the statistics by page, not by record: digits become N."""
    return re.sub(r"\d+", "N", url.split("?")[0])


def _cookie(name: str, value: str) -> Any:
    from http.cookiejar import Cookie

    return Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None,
        True, None, None, {},
    )  # fmt: skip
