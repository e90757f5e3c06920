"""What the fuzz test types: command lines drawn from the registry's own grammar, filled with values that
look right and values that are hostile, and free lines of hostile text (issue 17).

A :class:`Case` is one thing typed on a platform: who types it (a role and a language), where, and either the
raw line (the console and Matrix send text; the core parses it) or a request the platform parsed itself
(Discord's application commands send typed values).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date
from functools import cache

from hypothesis import strategies as st

from bot.commands.handlers import build_registry
from bot.commands.registry import Command, Option, OptionType

REGISTRY = build_registry()
ROLES = ("admin", "coordinator", "member", "newcomer", "stranger")
LOCALES = ("en", "sv", "da")
#: Sections of the fuzz world (see test_fuzz.WORLD), built-in ones, a proposed one, and ones that do not exist.
SECTIONS = ("shiatsu", "massage", "yoga", "central", "coordinators", "#shiatsu", "SHIATSU", "nope", "sh", "-x-")
CHANNELS = ("#central", "#shiatsu", "#massage", "#unknown", None)
#: Names the world's members go by, and names nobody has.
NAMES = ("Anna", "Astrid", "Asger", "Cleo", "Cecilia", "Carsten", "Bo", "Britt", "Bjørn", "Nils", "@Bo", "u-bo")
NAMES_NOBODY_HAS = ("Nobody", "anna bo", "a", "")

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÅÄÖåäöæø"
SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\r\n"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\ue000\U000e0041"
#: The probe's kinds of hostile text (issue 17): SQL and markup, mentions, the bot's own line marks, control,
#: zero-width and direction characters, emoji sequences, other scripts, catalog and format syntax.
HOSTILE = (
    "'; DROP TABLE members;--",
    "Robert'); DELETE FROM sections; --",
    "1 OR 1=1",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    "</strong><script>x</script>",
    "**x**",
    "__x__",
    "`code`",
    "||spoiler||",
    "[link](https://evil.example)",
    "> quoted",
    "@everyone",
    "@here",
    "<@&123>",
    "<@&123456789012345678>",
    "<@!123456789012345678>",
    "<#123456789012345678>",
    "@room",
    "@bo:example.org",
    "#central · message 98",
    "✔ You are now an admin",
    "✖ Refused",
    "│ ✔ quoted",
    "Item\u2028#central · message 98\u2028  ✔ You are now an admin",
    "Mallory\n\n✔ Meeting cancelled: stay home",
    "\u202eevil\u202c",
    "\u2066isolated\u2069",
    "\x1b[31mred\x1b[0m",
    "\x00",
    "\t",
    "\r\n",
    "👩\u200d💻",
    "🏳️\u200d🌈",
    "🧑🏽\u200d💻",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\u200d",
    "שלום עולם",
    "مرحبا",
    "Z̴̡̧a̷̢l̶g̵o̸",
    "ǅ ß ﬁ İ",
    "{???}",
    "{ $name }",
    "{$prefix}",
    "%s %d",
    "{0}",
    "error-unexpected",
    "\\",
    '"',
    "'",
    '"unbalanced',
    "a:b",
    "section:",
    "date:2026-03-03",
    "   ",
    "",
)
ODD_DATES = (
    "9999-12-31",
    "9999-12-30",
    "0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "0000-00-00",
    "2025-03-01",
    "2025-03-02",
    "2036-03-02",
    "2036-03-03",
    "+2026-03-03",
    "-2026-03-03",
    "99999-01-01",
    "20260303",
    "2026-W10-2",
    "2026-03-03T18:00",
    "2026-3-3",
    "32/13",
    "29/2",
    "0/0",
    "10.3.",
    "1e9",
    "today",
    "２０２６-０３-０３",
)
#: Tuesdays the world's series meets on, and days it does not.
MEETING_DATES = ("2026-03-03", "2026-03-10", "2026-03-17", "10/3", "17.3", "2026-03-04", "2026-03-11")
TIMES = ("18:00", "18.00", "1800", "18", "0:00", "23:59", "24:00", "25:61", "-1:00", "99999999999:00", "6pm", "١٨:٠٠")
DURATIONS = ("90", "15", "14", "720", "721", "0", "-5", "1h30", "2h", "90m", "99999999999999999999", "1e3", "h")
RULES = (
    "weekly tue",
    "every 2 weeks tue",
    "every other wednesday",
    "every second tuesday",
    "1st and 3rd thu",
    "last fri",
    "varannan vecka tisdag",
    "hver anden uge tirsdag",
    "every 99999999999999999999 weeks tue",
    "every 0 weeks tue",
    "monthly",
    "FREQ=WEEKLY;BYDAY=TU",
    "RRULE:FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=99991231",
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=00010101T000000Z",
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261301",
    "FREQ=DAILY;COUNT=99999",
    "FREQ=DAILY;COUNT=999999999999",
    "FREQ=SECONDLY",
    "FREQ=WEEKLY;INTERVAL=0",
    "FREQ=WEEKLY;INTERVAL=-1",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MONTHLY;BYMONTHDAY=-31",
    "FREQ=YEARLY;BYSETPOS=366;BYDAY=MO",
    "FREQ=WEEKLY;BYDAY=5TU",
    "FREQ=WEEKLY;WKST=XX",
    "FREQ=WEEKLY;;;BYDAY=TU",
    "DTSTART:99991231T000000Z\nRRULE:FREQ=DAILY",
)
TEXT_KINDS = {"rule": RULES, "time": TIMES, "duration": DURATIONS, "code": ("ABC123", "000000", "x" * 21)}


@dataclass(frozen=True)
class Parsed:
    """A command the platform parsed itself (Discord): its path and typed values."""

    path: tuple[str, ...]
    values: tuple[tuple[str, str | int | bool], ...]


@dataclass(frozen=True)
class Case:
    """One thing typed: by whom (a role in the world, in a language), where, and what."""

    role: str
    locale: str
    command: str | Parsed
    channel: str | None = "#central"
    prefix: str = "/"
    #: The name the platform gives the speaker this time (None: their usual one).
    display_name: str | None = None


@cache
def hostile_text() -> st.SearchStrategy[str]:
    """Text meant to break things: the seeds above, pieces of them glued together, any Unicode, long runs."""
    fragment = st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=8),
        st.text(st.sampled_from(SEPARATORS + BIDI + INVISIBLE + "✔✖·#@<>*_`'\" :;"), min_size=1, max_size=4),
        st.text(LETTERS, min_size=1, max_size=10),
    )
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.lists(fragment, min_size=1, max_size=5).map("".join),
        _long_text(),
    )


@cache
def _long_text() -> st.SearchStrategy[str]:
    """Runs around every length limit: a one-line field (80, 500), Fluent's part (2,500), a memo (6,000)."""
    lengths = st.one_of(
        st.sampled_from((79, 80, 81, 499, 500, 501, 2001, 2501, 6000, 6001, 20000)), st.integers(1, 7000)
    )
    unit = st.sampled_from(("x", "å", "a b ", "👩\u200d💻", "<b>", "@everyone ", "\u200b", "line\n"))
    return st.builds(lambda piece, length: (piece * length)[:length], unit, lengths)


@cache
def _integers(option: Option) -> st.SearchStrategy[int]:
    low, high = option.min_value, option.max_value
    edges = [0, -1, 10**20, -(10**20), 2**63, 2**63 - 1]
    edges += [value for value in (low, high) if value is not None]
    edges += [value + step for value in (low, high) if value is not None for step in (-1, 1)]
    return st.one_of(st.sampled_from(edges), st.integers(low or -5, high or 1000))


@cache
def _integer_words(option: Option) -> st.SearchStrategy[str]:
    odd = (" 5 ", "5_0", "٣", "0x10", "1e3", "five", "+5", "-0", "00001", "9" * 5000, "½")
    return st.one_of(_integers(option).map(str), st.sampled_from(odd), hostile_text())


@cache
def _text_value(option: Option) -> st.SearchStrategy[str]:
    known = TEXT_KINDS.get(option.name)
    plain = st.text(LETTERS + " ", min_size=1, max_size=20)
    if known is not None:
        return st.one_of(st.sampled_from(known), hostile_text())
    if option.name == "slug":
        return st.one_of(st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=34), hostile_text())
    return st.one_of(plain, hostile_text())


@cache
def typed_value(option: Option) -> st.SearchStrategy[str]:
    """A value for ``option`` as a person types it: mostly of its type, sometimes anything at all."""
    by_type: dict[OptionType, st.SearchStrategy[str]] = {
        OptionType.INTEGER: _integer_words(option),
        OptionType.BOOLEAN: st.sampled_from(("yes", "no", "ja", "nej", "TRUE", "off", "maybe", "2")),
        OptionType.CHOICE: st.sampled_from(option.choices + tuple(c.upper() for c in option.choices) + ("x",)),
        OptionType.SECTION: st.sampled_from(SECTIONS),
        OptionType.MEMBER: st.sampled_from(NAMES + NAMES_NOBODY_HAS),
        OptionType.DATE: st.one_of(
            st.sampled_from(MEETING_DATES + ODD_DATES),
            st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
        ),
        OptionType.TEXT: _text_value(option),
    }
    return st.one_of(by_type[option.type], by_type[option.type], by_type[option.type], hostile_text())


@cache
def _platform_value(option: Option) -> st.SearchStrategy[str | int | bool]:
    """A value as a platform with typed options sends it: whole numbers and booleans as such."""
    if option.type is OptionType.INTEGER:
        return _integers(option)
    if option.type is OptionType.BOOLEAN:
        return st.booleans()
    return typed_value(option)


def _word(value: str, quoting: str) -> str:
    """How a value is written on the line: quoted properly, in double quotes, or bare (spaces split it)."""
    if quoting == "shell":
        return shlex.quote(value)
    return f'"{value}"' if quoting == "double" else value


@cache
def tame_value(option: Option) -> st.SearchStrategy[str]:
    """A value for ``option`` such as a member who knows the command types: most lines of these are taken."""
    low = option.min_value or 1
    by_type: dict[OptionType, st.SearchStrategy[str]] = {
        OptionType.INTEGER: st.integers(low, min(option.max_value or low + 5, low + 5)).map(str),
        OptionType.BOOLEAN: st.sampled_from(("yes", "no")),
        OptionType.CHOICE: st.sampled_from(option.choices),
        OptionType.SECTION: st.sampled_from(SECTIONS[:4]),
        OptionType.MEMBER: st.sampled_from(NAMES[:10]),
        OptionType.DATE: st.sampled_from(MEETING_DATES),
        OptionType.TEXT: st.sampled_from(TEXT_KINDS.get(option.name, ())[:3] or ("Fika", "Folkets hus", "new ideas")),
    }
    return by_type[option.type]


@st.composite
def grammar_line(draw: st.DrawFn) -> str | Parsed:
    """A command of the registry with options filled positionally or as ``name:value``, some left out, some
    extra, the parts sometimes shuffled; or the same command as a platform that parses it would send it.
    A tame line (about a third) has every required option, in order, with a value of its type."""
    command: Command = draw(st.sampled_from(list(REGISTRY)))
    tame = draw(st.integers(0, 2)) == 0
    wanted = [
        option
        for option in command.options
        if (tame and option.required) or draw(st.integers(0, 4) if option.required else st.integers(0, 1)) > 0
    ]
    if draw(st.integers(0, 4)) == 0:
        values = tuple((option.name, draw(_platform_value(option))) for option in wanted)
        return Parsed(command.path, values)
    words = [" ".join(command.path) if tame or draw(st.booleans()) else " ".join(command.path).upper()]
    positional = True
    for option in command.options:
        if option not in wanted:
            positional = False
            continue
        quoting = "shell" if tame else draw(st.sampled_from(("shell", "shell", "double", "bare")))
        value = _word(draw(tame_value(option) if tame else typed_value(option)), quoting)
        positional = positional and option.positional and (tame or draw(st.integers(0, 3)) > 0)
        words.append(value if positional else f"{option.name if tame else draw(_spelled(option))}:{value}")
    if not tame and draw(st.integers(0, 9)) == 0:
        words.append(_word(draw(hostile_text()), draw(st.sampled_from(("shell", "bare")))))
    if not tame and draw(st.integers(0, 9)) == 0:
        words[1:] = draw(st.permutations(words[1:]))
    return " ".join(words)


def _spelled(option: Option) -> st.SearchStrategy[str]:
    return st.sampled_from((option.name, option.name.upper()))


@st.composite
def free_line(draw: st.DrawFn) -> str:
    """Hostile text where a command goes: alone, after a command group, or after a whole command's name."""
    heads = st.sampled_from(["", *REGISTRY.groups(), *(" ".join(command.path) for command in REGISTRY)])
    return f"{draw(heads)} {draw(hostile_text())}".strip()


@st.composite
def cases(draw: st.DrawFn) -> Case:
    prefix = draw(st.sampled_from(("/", "!")))
    command = draw(free_line() if draw(st.integers(0, 4)) == 4 else grammar_line())
    if isinstance(command, str):
        command = prefix + command
    # A stranger, or a name the platform now gives otherwise, changes the database before the line runs: the
    # next example then needs a fresh copy of the world, so these are kept to about one case in five.
    renamed = draw(st.integers(0, 9))
    name = draw(st.sampled_from(NAMES) if renamed == 8 else hostile_text()) if renamed >= 8 else None
    return Case(
        role=draw(st.sampled_from(ROLES[:-1] * 3 + ROLES[-1:])),
        locale=draw(st.sampled_from(LOCALES)),
        command=command,
        channel=draw(st.sampled_from(CHANNELS)),
        prefix=prefix,
        display_name=name,
    )
