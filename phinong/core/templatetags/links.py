"""Links that never lead a user to a page they cannot open; loaded as builtins, like `thai`.

`{% arealink code %}<a href="…">name</a>{% endarealink %}` keeps the link only when the area `code`
lies inside the user's scope (accounts.scoping, the same rule the views answer 404 by); outside it,
the <a> tags are dropped and the text stays, so an ancestor such as the province of a district
officer reads as plain text. Every template that links to a page of an area goes through it.

`user|may:"manage_users"` is the role's capability (accounts.permissions), for links to pages a
role may not use.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import Scope, scope_of

register = template.Library()

_ANCHOR = re.compile(r"</?a\b[^>]*>", re.IGNORECASE)
_SCOPE_ATTRIBUTE = "_phinong_link_scope"


def _user(context: Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


def scope_in(context: Context) -> Scope:
    """The user's scope, worked out once per request however many links the page has (a national
    dashboard has one per province): kept on the request, for the user it was worked out for."""
    request = context.get("request")
    user = _user(context)
    cached = getattr(request, _SCOPE_ATTRIBUTE, None)
    if cached is not None and cached[0] is user:
        return cached[1]
    scope = scope_of(user)
    if request is not None:
        setattr(request, _SCOPE_ATTRIBUTE, (user, scope))
    return scope


def sees(user: Any, code: object) -> bool:
    """True when the user may open the pages of the area `code` ("" is the nation)."""
    return code is not None and scope_of(user).covers(str(code))


class AreaLinkNode(template.Node):
    def __init__(self, code: FilterExpression, nodelist: NodeList) -> None:
        self.code = code
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        html = self.nodelist.render(context)
        code = self.code.resolve(context)
        if code is not None and scope_in(context).covers(str(code)):
            return mark_safe(html)  # noqa: S308 - the template's own output, already escaped
        return mark_safe(_ANCHOR.sub("", html))  # noqa: S308 - the same, less its <a> tags


@register.tag
def arealink(parser: Parser, token: Token) -> AreaLinkNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: an area code")
    nodelist = parser.parse(("endarealink",))
    parser.delete_first_token()
    return AreaLinkNode(parser.compile_filter(bits[1]), nodelist)


@register.filter
def may(user: Any, action: str) -> bool:
    """The role's capability, e.g. {% if user|may:"manage_users" %}."""
    return can(user, Action(action))


@register.filter
def sees_area(user: Any, code: object) -> bool:
    """{% if user|sees_area:area.code %}: the same rule as {% arealink %}, for a test in a template."""
    return sees(user, code)
