"""The translator port's implementation: Fluent for messages, Babel for dates.

Fluent was chosen over gettext because its catalogs are keyed by id with named placeholders
and plural/select rules written by the translator (Swedish and Danish plurals differ from
English in places), with no compile step; it formats numbers with Babel, which also formats
our dates and weekdays.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Hashable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_time
from babel.lists import format_list
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Resource

from bot.replies import Listing, Msg

log = logging.getLogger(__name__)

SUPPORTED_LOCALES = ("en", "sv", "da")
DEFAULT_LOCALE = "en"
LOCALES_DIR = Path(__file__).with_name("locales")
#: What no argument may bring into a line, whatever was stored before ``bot.domain.text`` checked it: control
#: characters but tab and newline (a memo's lines), line and paragraph separators, bidi controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: fluent.runtime's MAX_PART_LENGTH is 2,500; keep well below it.
_FLUENT_PART_LIMIT = 2000
#: Formatted lines kept (past this the memo starts again): a meeting call is a dozen lines, most of them the same for
#: every meeting of its section (the place, the agenda, the counts at nought, how to answer), and Fluent with Babel
#: took a fifth of a call's CPU time formatting them again (benchmarks/README, Matrix fan-out).
_FORMATTED_KEPT = 4096


def normalise_locale(value: str) -> str | None:
    """``sv-SE``, ``sv_SE``, ``SV`` -> ``sv``; None when we have no catalog for it."""
    language = value.strip().replace("_", "-").split("-")[0].lower()
    if language in ("nb", "nn"):
        language = "no"
    return language if language in SUPPORTED_LOCALES else None


#: Catalogs parsed so far in this process, by file, with the file's modification time and size when parsed.
_PARSED: dict[Path, tuple[tuple[int, int], Resource]] = {}


def _parsed(path: Path) -> Resource:
    """The catalog file parsed, once per process while it is unchanged: parsing is most of a translator's making
    (a sixth of a second for the three locales), and a bundle only reads what was parsed (the tests and
    ``netgroups check`` make many translators)."""
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    known = _PARSED.get(path)
    if known is None or known[0] != stamp:
        known = _PARSED[path] = (stamp, FluentResource(path.read_text(encoding="utf-8")))
    return known[1]


def _memo_key(locale: str, key: str, args: Mapping[str, Any] | None) -> Hashable | None:
    """What a formatted line depends on, as a key; None when an argument is of a kind not worth keeping."""
    if not args:
        return (locale, key)
    try:
        return (locale, key, *sorted((name, _frozen(value)) for name, value in args.items()))
    except _NotKept:
        return None


class _NotKept(Exception):
    """An argument a line is not kept for (long text, or a kind of value not expected in a line)."""


def _frozen(value: Any) -> Hashable:
    """A value as it decides its formatting. A moment is formatted in its own zone, so its zone is part of it (two
    equal instants in different zones read differently); numbers keep their type (1, 1.0 and True do too)."""
    if isinstance(value, str):
        if len(value) > _FLUENT_PART_LIMIT:
            raise _NotKept
        return value
    if value is None or isinstance(value, (int, float, date)):
        if isinstance(value, datetime):
            return (datetime, value.isoformat(), str(value.tzinfo))
        return (type(value), value)
    if isinstance(value, Msg):
        return (Msg, value.key, *sorted((name, _frozen(inner)) for name, inner in value.args.items()))
    if isinstance(value, Listing):
        return (Listing, *(_frozen(item) for item in value.items))
    raise _NotKept


class Translator:
    """Formats catalog keys with named arguments in a locale, falling back to English."""

    def __init__(self, directory: Path = LOCALES_DIR) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, frozenset[str]] = {}
        #: Lines formatted so far, by locale, key and arguments (``_memo_key``).
        self._formatted: dict[Hashable, str] = {}
        for locale in SUPPORTED_LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            keys: set[str] = set()
            for path in sorted((directory / locale).glob("*.ftl")):
                resource = _parsed(path)
                keys.update(entry.id.name for entry in resource.body if hasattr(entry, "id"))
                bundle.add_resource(resource)
            self._bundles[locale] = bundle
            self._keys[locale] = frozenset(keys)

    def keys(self, locale: str) -> frozenset[str]:
        return self._keys[locale]

    def has(self, key: str) -> bool:
        return key in self._keys[DEFAULT_LOCALE]

    def format(self, locale: str, key: str, args: Mapping[str, Any] | None = None) -> str:
        locale = normalise_locale(locale) or DEFAULT_LOCALE
        memo_key = _memo_key(locale, key, args)
        if memo_key is not None:
            known = self._formatted.get(memo_key)
            if known is None:
                if len(self._formatted) >= _FORMATTED_KEPT:
                    self._formatted.clear()
                known = self._formatted[memo_key] = self._format(locale, key, args)
            return known
        return self._format(locale, key, args)

    def _format(self, locale: str, key: str, args: Mapping[str, Any] | None) -> str:
        # A line inside a line (a digest's item) shows commands as its reader's platform writes them, like the outer.
        inherited = {"prefix": args["prefix"]} if args and "prefix" in args else {}
        prepared = {name: self._prepare(locale, value, inherited) for name, value in (args or {}).items()}
        # Fluent refuses a placeable longer than 2,500 characters (the whole message becomes "{???}"): a long
        # memo goes in as a short stand-in and is put back afterwards. U+E000 is private use, which user
        # text may not contain (see bot.domain.text.clean_text).
        long_values: dict[str, str] = {}
        for name, value in prepared.items():
            if isinstance(value, str) and len(value) > _FLUENT_PART_LIMIT:
                stand_in = f"\ue000{len(long_values)}\ue000"
                long_values[stand_in] = value
                prepared[name] = stand_in
        for candidate in (locale, DEFAULT_LOCALE):
            bundle = self._bundles[candidate]
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, prepared)
                if errors:
                    log.error("catalog %s/%s: %s", candidate, key, errors)
                text = str(text)
                for stand_in, value in long_values.items():
                    text = text.replace(stand_in, value)
                return text
            log.warning("catalog %s has no key %s", candidate, key)
        return key

    def _prepare(self, locale: str, value: Any, inherited: Mapping[str, Any]) -> Any:
        if isinstance(value, Msg):
            return self.format(locale, value.key, {**inherited, **value.args})
        if isinstance(value, Listing):
            return format_list([str(self._prepare(locale, item, inherited)) for item in value.items], locale=locale)
        if isinstance(value, (datetime, date)):
            return self.datetime(locale, value) if isinstance(value, datetime) else _long_date(locale, value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        # User text is shown literally, but terminal escapes, other control characters and line separators
        # have no business in a reply (an error may echo what was typed; text stored before it was checked).
        return _CONTROL.sub("\ufffd", "" if value is None else str(value))

    def datetime(self, locale: str, value: datetime) -> str:
        """A moment as people there say it, in the zone it carries: "tisdag 14 april 2026 18:00"."""
        return f"{_long_date(locale, value.date())} {_time_of_day(locale, value.time())}"


# Babel reads its locale data and builds a pattern at every call (a third of a meeting call's formatting); a day or a
# time of day reads the same every time, and a bot speaks of a few hundred of them.
@functools.lru_cache(maxsize=1024)
def _long_date(locale: str, day: date) -> str:
    return format_date(day, format="full", locale=locale)


@functools.lru_cache(maxsize=1024)
def _time_of_day(locale: str, moment: time) -> str:
    return format_time(moment, format="HH:mm", locale=locale)
