"""Where the current action comes from: the request's address, or 'cli' for a command.

The channel says how it came in: "web" or "api" for a request (set by the middleware); outside a
request it is empty, and the event is recorded as a system command.
"""

from contextvars import ContextVar

_origin: ContextVar[str] = ContextVar("phinong_audit_origin", default="system")
_channel: ContextVar[str] = ContextVar("phinong_audit_channel", default="")


def current_origin() -> str:
    return _origin.get()


def set_origin(origin: str) -> object:
    return _origin.set(origin)


def reset_origin(token: object) -> None:
    _origin.reset(token)  # type: ignore[arg-type]


def current_channel() -> str:
    return _channel.get()


def set_channel(channel: str) -> object:
    return _channel.set(channel)


def reset_channel(token: object) -> None:
    _channel.reset(token)  # type: ignore[arg-type]
