"""Rules for user-supplied text: validation, slugs and search folding, and what makes text safe to
show among the bot's own lines.

Everything a person or a platform names is shown back inside the bot's posts, so none of it may
look like a line of the bot's own: no line or paragraph separator in one-line text, no invisible
or direction-changing character, and no line of a memo that starts the way the bot starts its
lines. Members are asked to retype (they are there, and what they typed is then stored exactly as
typed); names from the platforms, which nobody can fix from the chat, are made safe instead.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from bot.errors import UserError

MAX_SHORT_TEXT = 80
MAX_LONG_TEXT = 500
#: The longest name a platform's user is shown by (longer ones are cut, with an ellipsis).
MAX_NAME = 64
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$")

#: Unicode categories refused in what members type: controls (Cc), invisible format characters (Cf,
#: which include the bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069), surrogates
#: (Cs), private use (Co; the translator uses U+E000 as a stand-in), and line and paragraph separators
#: (Zl, Zp). Bidi controls are refused rather than dropped: what was shown while typing would not be what
#: others see once they were gone.
_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
#: What ends a line, wherever it was typed (a Windows paste, a phone's paragraph separator): in text
#: that may have several lines each becomes "\n"; in one-line text it is refused as a line break.
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ZWJ = "\u200d"
#: A flag of a subdivision: a black flag, tag letters, a cancel tag (🏴󠁧󠁢󠁳󠁣󠁴󠁿, Scotland).
_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
#: Where the bot begins a line in its own voice: the marks of a reply's tone (✔ ✖) and what a reader
#: cannot tell from them (✓ ✅ ☑ ✗ ✘ ❌ ❎ ⚠ ℹ ⛔), a console note (·), and the console's block header
#: (``#shiatsu · message 4``, ``@Anna (direct) · message 5``). List bullets (•, –, -) and numbers are
#: not among them: a memo is full of lists, and a list item inside a memo claims nothing.
_BOT_LINE = re.compile(r"\s*(?:[✔✓✅☑✖✗✘❌❎⚠ℹ⛔·]|[#@][^\n·]*·)")
#: Put before a memo line that starts like a line of the bot: it reads as quoted, which it is.
QUOTE_MARK = "│ "


def clean_text(value: str, *, field: str, max_length: int, allow_newlines: bool = False) -> str:
    """Return ``value`` trimmed, or raise a user error for what cannot be shown safely or excess length.

    One-line text refuses every kind of line break (``error-line-break``) and invisible characters
    (``error-control-characters``, see ``_REFUSED``); text that may have several lines (``allow_newlines``:
    a memo) keeps them, each line break made "\\n". A zero-width joiner inside an emoji (👩‍💻) is kept.
    """
    if allow_newlines:
        value = _LINE_BREAK.sub("\n", value)
    value = value.strip()
    if not allow_newlines and _LINE_BREAK.search(value):
        raise UserError("error-line-break", field=field)
    kept = _emoji_format(value)
    for index, char in enumerate(value):
        if char != "\n" and unicodedata.category(char) in _REFUSED and index not in kept:
            raise UserError("error-control-characters", field=field)
    if len(value) > max_length:
        raise UserError("error-too-long", field=field, max=max_length, length=len(value))
    return value


def quote_bot_lines(text: str) -> str:
    """Text of several lines (checked by ``clean_text``) with each line that starts the way the bot starts
    its own lines quoted: "✔ You are now an admin" is shown as "│ ✔ You are now an admin".

    Applied where a memo is shown, not where it is stored: the memo stays as typed (its search, an export),
    and memos stored before this rule are shown quoted too. Quoting a second time changes nothing."""
    return "\n".join(QUOTE_MARK + line if _BOT_LINE.match(line) else line for line in text.split("\n"))


def shown_name(name: str | None, user: str) -> str:
    """How someone a platform names ``name`` is shown: on one line (``one_line``), at most ``MAX_NAME``
    characters; their platform id ``user`` when nothing is left. Never refused: nobody can fix a
    platform's name from the chat."""
    for candidate in (name or "", user):
        shown = one_line(candidate)
        if len(shown) > MAX_NAME:
            shown = _TRAILING.sub("", shown[: MAX_NAME - 1]) + "…"
        if shown:
            return shown
    return "?"


def one_line(text: str) -> str:
    """``text`` made fit to show inside one of the bot's lines, without refusing anything.

    Every line or paragraph break, control character and run of spaces becomes a single space (so
    "Mallory\\n\\n✔ Meeting cancelled" stays one name on one line); invisible format characters, the
    bidi controls among them, are dropped, not spaced (a soft hyphen or a zero-width space inside a
    name must not split it); so are surrogates and private-use characters. Emoji sequences stay whole.
    """
    kept = _emoji_format(text)
    chars: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char.isspace() or category in ("Cc", "Zl", "Zp"):
            chars.append(" ")
        elif category not in ("Cf", "Cs", "Co") or index in kept:
            chars.append(char)
    return " ".join("".join(chars).split())


_TRAILING = re.compile("[\\s\u200d\U000e0020-\U000e007f]+$")


def _emoji_format(text: str) -> set[int]:
    """Where ``text`` has format characters that belong to an emoji: a zero-width joiner between two
    parts of one (👩‍💻, 🏳️‍🌈, 🧑🏽‍💻), the tags of a subdivision's flag."""
    kept = {
        index
        for index, char in enumerate(text)
        if char == _ZWJ
        and 0 < index < len(text) - 1
        and _ends_emoji(text[index - 1])
        and unicodedata.category(text[index + 1]) == "So"
    }
    for found in _TAG_SEQUENCE.finditer(text):
        kept.update(range(found.start() + 1, found.end()))
    return kept


def _ends_emoji(char: str) -> bool:
    """An emoji, a skin tone, or the selector that asks for emoji presentation (U+FE0F)."""
    return char == "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff" or unicodedata.category(char) == "So"


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
