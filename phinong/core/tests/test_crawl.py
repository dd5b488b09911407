"""No dead ends: every internal link a demo user can see, followed from their landing page.

The demo is seeded once for the module (inside a transaction rolled back at the end), then each demo
role follows every internal <a href> from its landing page to depth 4 (the issue asks for 3) and no
link may answer 403, 404 or 500. A failure lists each broken link with the page it was found on.
To stay quick, a URL pattern is fetched at most PER_ROUTE times (one member page is much like the
next), the same path with other query strings MAX_VARIANTS times, and one PDF and one .xlsx file.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from phinong.accounts.models import User

DEPTH = 4
MAX_PAGES = 400  # per role
PER_ROUTE = (
    12  # pages of one URL pattern (one member, one area...): enough to meet every kind of link
)
MAX_VARIANTS = 3  # the same path with different query strings (a period, a programme)
SKIP_PREFIXES = ("/admin/", "/i18n/", "/accounts/logout/", "/api/", "/static/")
DOWNLOADS = (".pdf", ".xlsx")
ROLES = ["demo-dept", "demo-viewer", "demo-p42", "demo-d4201", "demo-t420102"]


# Latin words a Thai page may show: names of products and formats, and the switch to English.
ALLOWED_LATIN = {
    "English",
    "Excel",
    "PDF",
    "CSV",
    "csv",
    "xlsx",
    "DOPA",
    "LINE",
    "API",
    "Zoom",
    "Google",
    "Meet",
    "Microsoft",
    "Teams",
    "Windows",
    "JPEG",
    "PNG",
    "Sarabun",
}
LATIN_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z]{3,}(?![\w@./:-])")


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles, code samples or attribute values."""

    HIDDEN = ("script", "style", "code", "pre", "svg")

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def english_on(html: str) -> set[str]:
    """Latin words of three letters or more in the visible text, other than the allowed ones."""
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    return {w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urlsplit(urljoin(base, href))
        if url.netloc not in ("", "testserver"):
            continue  # outside the site
        query = urlencode(sorted(parse_qsl(url.query, keep_blank_values=True)))
        found.append(url.path + (f"?{query}" if query else ""))
    return found


def _route(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path  # answers 404 when fetched, and is reported


@dataclass
class Crawl:
    broken: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    pages: int = 0
    downloads: set[str] = field(default_factory=set)


def crawl(client: Client) -> Crawl:
    result = Crawl()
    seen: set[str] = set()
    variants: dict[str, int] = {}
    routes: dict[str, int] = {}
    queue: deque[tuple[str, str, int]] = deque([("/", "(start)", 0)])
    while queue and result.pages < MAX_PAGES:
        url, found_on, depth = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        if path.endswith(DOWNLOADS):
            kind = path.rsplit(".", 1)[1]
            if kind in result.downloads:
                continue  # one file of each kind is enough: they are slow to build
            result.downloads.add(kind)
        if "?" in url:
            variants[path] = variants.get(path, 0) + 1
            if variants[path] > MAX_VARIANTS:
                continue
        route = _route(path)
        routes[route] = routes.get(route, 0) + 1
        if routes[route] > PER_ROUTE:
            continue
        result.pages += 1
        try:
            response = client.get(url)
        except Exception as exc:  # a 500: the test client re-raises the view's exception
            result.broken.append(f"500 {url} (on {found_on}): {exc!r}")
            continue
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            queue.appendleft((urljoin(url, response["Location"]), url, depth))
            continue
        if status >= 400:
            result.broken.append(f"{status} {url} (on {found_on})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if words := english_on(html):
            result.english.append(f"{url}: {', '.join(sorted(words))}")
        if depth >= DEPTH:
            continue
        for link in links_on(html, url):
            if link not in seen:
                queue.append((link, url, depth + 1))
    return result


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo, seeded once for the whole module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", password="a-demo-password", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", ROLES)
def test_no_link_leads_a_demo_user_to_an_error(demo: None, db: None, username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    result = crawl(client)
    assert result.pages > 5, f"{username} reached only {result.pages} pages"
    assert not result.broken, f"{username}: broken links\n" + "\n".join(result.broken)
    assert not result.english, f"{username}: English on Thai pages\n" + "\n".join(result.english)
