"""The text grammar shared by the console and Matrix, from the registry's declarations."""

from __future__ import annotations

import pytest

from bot.commands.grammar import parse
from bot.commands.handlers import build_registry
from bot.errors import UserError

REGISTRY = build_registry()


@pytest.mark.parametrize(
    ("line", "path", "values"),
    [
        ("/section join shiatsu", ("section", "join"), {"section": "shiatsu"}),
        ("/SECTION Join shiatsu", ("section", "join"), {"section": "shiatsu"}),
        ('/section create "Zon terapi" region', ("section", "create"), {"name": "Zon terapi", "kind": "region"}),
        ("/section create Reiki kind:theme", ("section", "create"), {"name": "Reiki", "kind": "theme"}),
        (
            "/section coordinator add shiatsu Bo",
            ("section", "coordinator", "add"),
            {"section": "shiatsu", "member": "Bo"},
        ),
        ("/directory search shiatsu malmö", ("directory", "search"), {"query": "shiatsu malmö"}),
        ("/help section join", ("help",), {"topic": "section join"}),
        ('/profile set place:"Malmö C" visible:yes', ("profile", "set"), {"place": "Malmö C", "visible": "yes"}),
        ("!rsvp yes", ("rsvp",), {"answer": "yes"}),
        (
            '/meeting schedule "2nd tue" 18:00 place:https://meet.example/x',
            ("meeting", "schedule"),
            {"rule": "2nd tue", "time": "18:00", "place": "https://meet.example/x"},
        ),
    ],
)
def test_parses(line: str, path: tuple[str, ...], values: dict[str, str]) -> None:
    """Options bind positionally in declared order or by name; quotes keep spaces; the last may be greedy."""
    request = parse(REGISTRY, line, line[0])
    assert request.command.path == path
    assert request.values == values


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("/", "error-empty-command"),
        ("/sectoin list", "error-unknown-command-suggest"),
        ("/frobnicate", "error-unknown-command"),
        ("/section frobnicate", "error-unknown-subcommand"),
        ('/section join "shiatsu', "error-unbalanced-quotes"),
        ("/section join a b", "error-too-many-arguments"),
        ("/section join section:a section:b", "error-option-twice"),
        ("/profile set Lund", "error-too-many-arguments"),
    ],
)
def test_refuses(line: str, key: str) -> None:
    """What cannot be read is refused with a key that explains it."""
    with pytest.raises(UserError) as refusal:
        parse(REGISTRY, line, line[0])
    assert refusal.value.key == key


def test_every_command_has_a_unique_path() -> None:
    """No command is declared twice, and no command's name is the start of another's."""
    paths = [command.path for command in REGISTRY]
    assert len(paths) == len(set(paths))
