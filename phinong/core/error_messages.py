"""Form errors as a Thai reader expects them: the numbers Django puts in its messages in Thai digits.

Django formats its own messages ("at most %(limit_value)d characters", "less than or equal to
%(limit_value)s") with Arabic digits, and `%d` cannot take a Thai numeral. So the numbers are
swapped after formatting, and only the numbers that came in as the message's parameters: a DOPA
code or a national ID that a message quotes as text stays as people type it.
"""

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from phinong.core.formatting import num, thai_active


def _numbers(params: Any) -> list[int | float | Decimal]:
    values = params.values() if isinstance(params, dict) else params
    if not isinstance(values, Iterable) or isinstance(values, str):
        values = [values]
    return [v for v in values if isinstance(v, int | Decimal | float) and not isinstance(v, bool)]


def _with_thai_numbers(message: str, numbers: list[int | float | Decimal]) -> str:
    for value in sorted(numbers, key=lambda v: -len(str(v))):
        text = str(value)
        message = re.sub(rf"(?<![\d.]){re.escape(text)}(?![\d]|\.\d)", num(text), message)
    return message


def error_messages(errors: Iterable[Any]) -> list[str]:
    """The messages of a form's ErrorList (or any list of ValidationErrors and strings)."""
    out: list[str] = []
    for item in getattr(errors, "data", errors):
        if not isinstance(item, ValidationError):
            out.append(str(item))
            continue
        if not hasattr(item, "error_list"):
            out.extend(item.messages)
            continue
        for error in item.error_list:
            message = str(next(iter(error)))
            if thai_active() and error.params:
                message = _with_thai_numbers(message, _numbers(error.params))
            out.append(message)
    return out
