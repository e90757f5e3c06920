"""One-time codes a person reads on one screen and types on another (linking accounts, confirming an erasure)."""

from __future__ import annotations

import secrets

# No 0/O or 1/I/L: nothing that reads as something else.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length: int) -> str:
    """A random code of ``length`` characters from an alphabet without look-alikes."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
