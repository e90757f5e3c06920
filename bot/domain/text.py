"""Rules for user-supplied text: validation, slugs and search folding."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from bot.errors import UserError

MAX_SHORT_TEXT = 80
MAX_LONG_TEXT = 500
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$")


def clean_text(value: str, *, field: str, max_length: int, allow_newlines: bool = False) -> str:
    """Return ``value`` trimmed, or raise a user error for control characters or excess length.

    User text is stored exactly as typed (it is shown literally); only what no chat can show
    sensibly is refused, so that nothing surprising reaches other members.
    """
    value = value.strip()
    for char in value:
        if char == "\n" and allow_newlines:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") and char not in ("\u200d",):
            raise UserError("error-control-characters", field=field)
    if len(value) > max_length:
        raise UserError("error-too-long", field=field, max=max_length, length=len(value))
    return value


def fold(value: str) -> str:
    """Fold text for search: case- and accent-insensitive, so "malmo" finds "Malmö"."""
    return anyascii(unicodedata.normalize("NFC", value)).casefold()


def slugify(name: str) -> str:
    """A slug from a free-form name: "Zonterapi Malmö" -> "zonterapi-malmo"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug[:32].rstrip("-")


def check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not _SLUG_RE.match(slug):
        raise UserError("error-bad-slug", slug=slug)
    return slug
