"""Errors the user should see. Anything else is a bug: apologise and log it."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A mistake or a refusal the user can act on, named by a catalog key with its arguments.

    Raising one means nothing was changed: handlers raise before they write, and writes
    run in one transaction that a raise rolls back.
    """

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args

    def __repr__(self) -> str:
        return f"UserError({self.key!r})"


class StartupError(Exception):
    """Start-up cannot go on; the message is one line for the operator."""
