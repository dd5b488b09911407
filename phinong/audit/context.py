"""Where the current action comes from: the request's address, or 'cli' for a command."""

from contextvars import ContextVar

_origin: ContextVar[str] = ContextVar("phinong_audit_origin", default="system")


def current_origin() -> str:
    return _origin.get()


def set_origin(origin: str) -> object:
    return _origin.set(origin)


def reset_origin(token: object) -> None:
    _origin.reset(token)  # type: ignore[arg-type]
