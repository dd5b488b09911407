from typing import Any


class ConflictError(Exception):
    """The record changed since the user opened it: saving would overwrite someone else's edit."""

    def __init__(self, current: Any) -> None:
        super().__init__("conflict")
        self.current = current
