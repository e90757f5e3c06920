"""Words for the member directory: what a profile is found by, and how a query's words match them.

Text is folded as all search folds it (``fold``: lower case, accents spelled out in ASCII, so
"Malmö" gives "malmo" and "Sjæl" gives "sjael") and split at anything that is not a letter or a
digit. A query word matches a profile when some word of the profile begins with it, or, from
``ENDING_LENGTH`` letters on, ends with it: Swedish and Danish compounds put what a thing is last, so
"terapeut" finds "zonterapeut" and "konsult" finds "managementkonsult".
"""

from __future__ import annotations

import re

from bot.domain.text import fold

#: Longer words are cut: a query word that long still matches by its first letters.
WORD_LENGTH = 32
#: Shorter query words match beginnings only: "la" would otherwise end half the directory's words.
ENDING_LENGTH = 4
_WORD = re.compile(r"[a-z0-9]+")
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def words(text: str) -> list[str]:
    """The folded words of ``text`` in order, each at most ``WORD_LENGTH`` long."""
    return words_of_folded(fold(text))


def words_of_folded(folded: str) -> list[str]:
    """``words`` of text already folded."""
    return [word[:WORD_LENGTH] for word in _WORD.findall(folded)]


def with_endings(folded: str) -> dict[str, str]:
    """Each distinct word of already folded text (cut as ``words`` cuts it) with its ending: the whole
    word reversed and then cut, so that words ending alike share a prefix of their endings."""
    return {word[:WORD_LENGTH]: word[::-1][:WORD_LENGTH] for word in _WORD.findall(folded)}


def after_prefix(prefix: str) -> str | None:
    """The least string above every word that begins with ``prefix`` (None: no bound).

    Words use only ``_ALPHABET``, so incrementing the last letter that can be incremented gives a
    bound of the same letters: it compares the same in bytes and in a database's text collation.
    """
    stem = prefix.rstrip(_ALPHABET[-1])
    if not stem:
        return None
    return stem[:-1] + _ALPHABET[_ALPHABET.index(stem[-1]) + 1]
