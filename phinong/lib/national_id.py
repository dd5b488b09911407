"""The Thai 13-digit national ID: normalising, the mod-11 checksum and masking."""

from operator import mul

from phinong.lib.thai import digits_only


def normalise(raw: str) -> str:
    """Accept Thai digits, spaces and dashes: '๓-๑๐๐๖-๐๐๐๑๒-๓๔-๕' -> '3100600012345'."""
    return digits_only(raw)


_WEIGHTS = tuple(range(13, 1, -1))  # 13 for the first digit down to 2 for the twelfth


def check_digit(first_twelve: str) -> int:
    total = sum(map(mul, map(int, first_twelve), _WEIGHTS))
    return (11 - total % 11) % 10


def is_valid(national_id: str) -> bool:
    return (
        len(national_id) == 13
        and national_id.isascii()
        and national_id.isdigit()
        and check_digit(national_id[:12]) == int(national_id[12])
    )


MISSING, LETTERS, TOO_SHORT, TOO_LONG, BAD_CHECK_DIGIT = (
    "missing",
    "letters",
    "too_short",
    "too_long",
    "bad_check_digit",
)


def problem(national_id: str) -> str | None:
    """What is wrong with a normalised ID, most basic first; None when it is valid.

    An ID with anything but digits in it is LETTERS whatever its length, so a message never says
    "must have 13 digits" of an ID that has 13 characters.
    """
    if not national_id:
        return MISSING
    if not (national_id.isascii() and national_id.isdigit()):
        return LETTERS
    if len(national_id) < 13:
        return TOO_SHORT
    if len(national_id) > 13:
        return TOO_LONG
    return None if is_valid(national_id) else BAD_CHECK_DIGIT


def non_digits(national_id: str) -> str:
    """The characters of an ID that are not digits, each once, in order: '31a0b6a' -> 'ab'."""
    return "".join(dict.fromkeys(c for c in national_id if not (c.isascii() and c.isdigit())))


def with_check_digit(first_twelve: str) -> str:
    return first_twelve + str(check_digit(first_twelve))


def formatted(national_id: str) -> str:
    """'3100600012345' -> '3-1006-00012-34-5', the way it is printed on the card."""
    n = national_id
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}" if len(n) == 13 else n


def masked(national_id: str) -> str:
    """Keep only the last four digits: 'x-xxxx-xxxxx-34-5'."""
    if len(national_id) != 13:
        return "x" * len(national_id)
    return f"x-xxxx-xxxxx-{national_id[10:12]}-{national_id[12]}"


def masked_phone(phone: str) -> str:
    return "xxx-xxx-" + phone[-4:] if len(phone) >= 4 else "x" * len(phone)
