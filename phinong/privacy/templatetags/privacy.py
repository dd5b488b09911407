from typing import Any

from django import template

from phinong.privacy import erasure, rules

register = template.Library()


@register.filter
def is_data_controller(user: Any) -> bool:
    """{% if user|is_data_controller %}: the department admin, who reads the access log and erases."""
    return rules.is_data_controller(user)


@register.filter
def is_erased(member: Any) -> bool:
    return erasure.is_erased(member)
