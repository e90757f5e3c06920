"""Catalogs: every locale says everything English says, with the same placeholders, in valid Fluent."""

from __future__ import annotations

import ast as pyast
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.commands.handlers import build_registry
from bot.domain.agenda import AgendaKind
from bot.domain.meetings import Answer, ReminderVia
from bot.domain.models import PROFILE_FIELDS, SectionKind, SectionStatus
from bot.i18n import SUPPORTED_LOCALES, Translator
from bot.i18n.translator import DEFAULT_LOCALE, LOCALES_DIR
from bot.replies import Listing, msg

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = (ROOT / "bot", ROOT / "adapters", ROOT / "netgroups")
OTHER_LOCALES = tuple(locale for locale in SUPPORTED_LOCALES if locale != DEFAULT_LOCALE)
#: Calls whose first argument is a catalog key: msg(...), error(...), UserError(...), self._note(...).
KEY_CALLS = {"msg", "error", "UserError", "_note"}
DISCORD_NAME = re.compile(r"^[-_\w]{1,32}$", re.UNICODE)
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
TUESDAY_EVENING = datetime(2026, 4, 14, 18, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@cache
def _resource(locale: str) -> ast.Resource:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((LOCALES_DIR / locale).glob("*.ftl")))
    return FluentParser().parse(text)


def _messages(locale: str) -> dict[str, ast.Message]:
    return {entry.id.name: entry for entry in _resource(locale).body if isinstance(entry, ast.Message)}


class _Collector(Visitor):
    """Gathers the variables a message uses and the variant keys its selectors offer."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.variant_keys: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.variables.add(node.id.name)
        self.generic_visit(node)

    def visit_Variant(self, node: ast.Variant) -> None:
        key = node.key
        if isinstance(key, ast.NumberLiteral):
            self.variant_keys.add(key.value)
        elif key.name not in PLURAL_CATEGORIES:
            self.variant_keys.add(key.name)
        self.generic_visit(node)


def _collect(message: ast.Message) -> _Collector:
    collector = _Collector()
    collector.visit(message)
    return collector


def _call_name(call: pyast.Call) -> str | None:
    if isinstance(call.func, pyast.Name):
        return call.func.id
    if isinstance(call.func, pyast.Attribute) and call.func.attr in {"UserError", "_note"}:
        return call.func.attr
    return None


def _strings(node: pyast.expr) -> Iterator[str]:
    """The literal keys an expression can be: a string, or either branch of ``a if c else b``."""
    if isinstance(node, pyast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, pyast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)


def _module_keys(tree: pyast.Module) -> set[str]:
    """Literal first arguments of key calls, and literals assigned to names passed as that argument."""
    keys: set[str] = set()
    names: set[str] = set()
    for node in pyast.walk(tree):
        if isinstance(node, pyast.Call) and _call_name(node) in KEY_CALLS and node.args:
            keys.update(_strings(node.args[0]))
            if isinstance(node.args[0], pyast.Name):
                names.add(node.args[0].id)
    for node in pyast.walk(tree):
        if isinstance(node, pyast.Assign) and any(
            isinstance(target, pyast.Name) and target.id in names for target in node.targets
        ):
            keys.update(_strings(node.value))
    return keys


@cache
def _code_keys() -> frozenset[str]:
    keys: set[str] = set()
    for directory in SOURCE_DIRS:
        for path in directory.rglob("*.py"):
            keys |= _module_keys(pyast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return frozenset(keys)


def _registry_keys() -> set[str]:
    keys: set[str] = set()
    for command in build_registry():
        keys.update((command.key, command.description_key))
        for length in range(1, len(command.path) + 1):
            prefix = "cmd-" + "-".join(command.path[:length])
            keys.update((prefix, prefix + "-desc"))
        for option in command.options:
            keys.update((f"opt-{option.name}", f"opt-{option.name}-desc"))
    return keys


def _dynamic_keys() -> set[str]:
    return (
        {f"kind-{kind}" for kind in SectionKind}
        | {f"status-{status}" for status in SectionStatus}
        | {f"locale-{locale}" for locale in SUPPORTED_LOCALES}
        | {f"profile-field-{field}" for field in PROFILE_FIELDS}
        | {f"agenda-kind-{kind}" for kind in AgendaKind}
        | {f"answer-{answer}" for answer in Answer}
        | {f"reminders-via-{via}" for via in ReminderVia}
        | {"rsvp-always", "rsvp-never"}
    )


def _name_keys() -> Iterator[str]:
    """Keys that become Discord command and option names (not their descriptions)."""
    for key in _messages(DEFAULT_LOCALE):
        if key.startswith(("cmd-", "opt-")) and not key.endswith("-desc"):
            yield key


def _write_catalogs(directory: Path, texts: dict[str, str]) -> None:
    for locale in SUPPORTED_LOCALES:
        (directory / locale).mkdir(parents=True)
        (directory / locale / "test.ftl").write_text(texts.get(locale, ""), encoding="utf-8")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_has_exactly_the_english_keys(locale: str) -> None:
    """Each locale's catalog defines every English key and nothing else."""
    english = set(_messages(DEFAULT_LOCALE))
    keys = set(_messages(locale))
    assert (sorted(english - keys), sorted(keys - english)) == ([], []), f"{locale}: (missing, extra)"


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_messages_use_the_english_variables(locale: str) -> None:
    """A translated message uses exactly the placeholders its English original uses."""
    english = _messages(DEFAULT_LOCALE)
    differing = {
        key: (sorted(_collect(english[key]).variables), sorted(_collect(message).variables))
        for key, message in _messages(locale).items()
        if key in english and _collect(message).variables != _collect(english[key]).variables
    }
    assert differing == {}, f"{locale}: key -> (English variables, {locale} variables)"


@pytest.mark.parametrize("locale", OTHER_LOCALES)
def test_messages_keep_the_english_named_variants(locale: str) -> None:
    """Selectors keep English's non-plural variants, such as [0] or [coordinator]."""
    english = _messages(DEFAULT_LOCALE)
    differing = {
        key: (sorted(_collect(english[key]).variant_keys), sorted(_collect(message).variant_keys))
        for key, message in _messages(locale).items()
        if key in english and _collect(message).variant_keys != _collect(english[key]).variant_keys
    }
    assert differing == {}, f"{locale}: key -> (English variants, {locale} variants)"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_has_no_syntax_errors(locale: str) -> None:
    """Fluent parses every catalog without Junk entries."""
    junk = [
        ((entry.content or "").strip()[:60], [annotation.message for annotation in entry.annotations])
        for entry in _resource(locale).body
        if isinstance(entry, ast.Junk)
    ]
    assert junk == []


def test_every_key_used_in_code_exists() -> None:
    """Keys named in the code, derived from the command registry or from enums are all in English."""
    used = _code_keys() | _registry_keys() | _dynamic_keys()
    assert sorted(used - set(_messages(DEFAULT_LOCALE))) == []


def test_key_scan_finds_keys_in_code() -> None:
    """The source scan is not vacuous: it sees keys in calls, in chosen literals and in the console."""
    expected = {"section-list-line", "profile-now-hidden", "rsvp-waitlisted", "error-unknown-section", "directory-line"}
    assert {*expected, "console-not-a-command"} <= _code_keys()


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_command_and_option_names_follow_discord_rules(locale: str, translator: Translator) -> None:
    """Localised command and option names are 1-32 lower-case letters, digits, dashes or underscores."""
    bad = {
        key: name
        for key in _name_keys()
        if not DISCORD_NAME.fullmatch(name := translator.format(locale, key)) or name != name.lower()
    }
    assert bad == {}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_command_and_option_descriptions_fit_discord(locale: str, translator: Translator) -> None:
    """Localised command and option descriptions are 1-100 characters long."""
    bad = {
        key: len(text)
        for key in _messages(DEFAULT_LOCALE)
        if key.startswith(("cmd-", "opt-"))
        and key.endswith("-desc")
        and not 1 <= len(text := translator.format(locale, key)) <= 100
    }
    assert bad == {}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_sibling_command_and_option_names_are_distinct(locale: str, translator: Translator) -> None:
    """Discord refuses two subcommands of one group, or two options of one command, with the same name."""
    siblings: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for command in build_registry():
        for length in range(1, len(command.path) + 1):
            siblings[command.path[: length - 1]].add("cmd-" + "-".join(command.path[:length]))
        siblings[("options", *command.path)] = {f"opt-{option.name}" for option in command.options}
    clashes = {
        parent: sorted(names)
        for parent, keys in siblings.items()
        if len(names := [translator.format(locale, key) for key in keys]) != len(set(names))
    }
    assert clashes == {}


@pytest.mark.parametrize(
    ("locale", "words"),
    [("sv", ("tisdag", "april", "18:00")), ("da", ("tirsdag", "april", "18:00")), ("en", ("Tuesday", "April"))],
)
def test_datetime_is_written_the_local_way(locale: str, words: tuple[str, ...], translator: Translator) -> None:
    """A moment is shown with the locale's weekday and month names, in the zone it carries."""
    text = translator.datetime(locale, TUESDAY_EVENING)
    assert all(word in text for word in words), text


def test_datetime_argument_is_formatted_in_the_readers_locale(tmp_path: Path) -> None:
    """A datetime passed to format() is written with Babel in the locale asked for."""
    _write_catalogs(tmp_path, {"en": "meeting = Meeting { $when }", "sv": "meeting = Möte { $when }"})
    text = Translator(tmp_path).format("sv", "meeting", {"when": TUESDAY_EVENING})
    assert text.startswith("Möte tisdag")
    assert "april" in text


def test_missing_key_falls_back_to_english(tmp_path: Path) -> None:
    """A key the locale lacks is shown in English."""
    _write_catalogs(tmp_path, {"en": "only-english = Only in English", "sv": "other = Annat"})
    assert Translator(tmp_path).format("sv", "only-english") == "Only in English"


def test_unknown_locale_falls_back_to_english(translator: Translator) -> None:
    """A locale we have no catalog for gets English."""
    assert translator.format("fr", "profile-saved") == translator.format("en", "profile-saved")


def test_unknown_key_is_shown_as_itself(translator: Translator) -> None:
    """A key no catalog has is shown as the key, not as an empty line."""
    assert translator.format("sv", "no-such-key") == "no-such-key"


@pytest.mark.parametrize(("count", "expected"), [(1, "en medlem)"), (3, "3 medlemmar)")])
def test_swedish_plural_is_chosen_by_count(count: int, expected: str, translator: Translator) -> None:
    """Swedish picks the singular for one member and the plural for several."""
    text = translator.format("sv", "section-list-line", {"section": "s", "name": "N", "kind": "yrke", "count": count})
    assert text.endswith(expected), text


def test_exact_number_variant_wins_over_plural_category(translator: Translator) -> None:
    """The [0] variant is used for zero coordinators before the plural category is tried."""
    text = translator.format("da", "section-info-coordinators", {"count": 0, "names": ""})
    assert text == "Ingen koordinator endnu"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u202e", "\u2067", "\x1b", "\x85"])
def test_an_argument_cannot_break_its_line_or_turn_it(char: str, translator: Translator) -> None:
    """Text stored before it was checked shows a replacement mark, not a new line or a reversed one."""
    text = translator.format("en", "agenda-line", {"number": 1, "title": f"Item{char}✔ admin", "minutes": 5})
    assert text == "1. Item\ufffd✔ admin (5 min)"


def test_a_line_formatted_again_reads_as_it_did_for_the_same_arguments_only(tmp_path: Path) -> None:
    """Lines are kept once formatted (a section's calls repeat most of theirs); what decides the text still does:
    the same instant in another zone, a number of another kind, a nested line with another argument, the locale."""
    _write_catalogs(
        tmp_path,
        {
            "en": "at = At { $when }\ncount = { $n ->\n [one] one\n *[other] { $n } of { $what }\n}\nwhat = { $thing }",
            "sv": "at = Kl { $when }\ncount = { $n } st\nwhat = { $thing }",
        },
    )
    translator = Translator(tmp_path)
    stockholm = TUESDAY_EVENING.astimezone(ZoneInfo("Europe/Stockholm"))
    helsinki = TUESDAY_EVENING.astimezone(ZoneInfo("Europe/Helsinki"))
    assert stockholm == helsinki
    first = translator.format("en", "at", {"when": stockholm})
    assert translator.format("en", "at", {"when": stockholm}) == first
    assert translator.format("en", "at", {"when": helsinki}) != first
    assert translator.format("sv", "at", {"when": stockholm}).startswith("Kl ")
    assert translator.format("en", "count", {"n": 1, "what": "x"}) == "one"
    assert translator.format("en", "count", {"n": 1.5, "what": "x"}) == "1.5 of x"
    assert translator.format("en", "count", {"n": 2, "what": msg("what", thing="cups")}) == "2 of cups"
    assert translator.format("en", "count", {"n": 2, "what": msg("what", thing="mugs")}) == "2 of mugs"
    assert translator.format("en", "count", {"n": 2, "what": Listing(("a", "b"))}) == "2 of a and b"
    long_text = "y" * 2500
    assert translator.format("en", "what", {"thing": long_text}) == long_text
