"""Import rules and data-protection bookkeeping that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.storage.schema import PERSONAL_DATA, members, metadata

BOT = Path(__file__).resolve().parents[1] / "bot"
MODULES = sorted(BOT.rglob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    """The top-level package of every absolute import in one file."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def _member_references() -> list[tuple[str, str]]:
    """(table, column) for every foreign key to members.id."""
    found = []
    for table in metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.references(members) and key.column is members.c.id:
                found.append((table.name, key.parent.name))
    return sorted(found)


def _id(path: Path) -> str:
    return str(path.relative_to(BOT.parent))


def test_the_walk_finds_the_bot_package() -> None:
    """The module walk below sees bot/ itself (guards against an empty, vacuous walk)."""
    assert BOT / "bootstrap.py" in MODULES
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=_id)
@pytest.mark.parametrize("platform", ["discord", "nio"])
def test_bot_never_imports_platform_libraries(path: Path, platform: str) -> None:
    """bot/ stays platform-neutral: no discord.py, no matrix-nio."""
    assert platform not in _imported_roots(path)


@pytest.mark.parametrize("path", MODULES, ids=_id)
def test_bot_never_imports_adapters_or_the_launcher(path: Path) -> None:
    """bot/ knows no platform: the launcher (netgroups/) and the adapters import it, never the reverse."""
    assert not {"adapters", "netgroups"} & _imported_roots(path)


def test_members_table_is_personal_data() -> None:
    """The members table itself is listed as personal data, by its id."""
    assert PERSONAL_DATA.get("members") == "id"


@pytest.mark.parametrize(("table", "column"), _member_references(), ids=str)
def test_tables_referring_to_members_are_personal_data(table: str, column: str) -> None:
    """Every table with a foreign key to members.id lists that column in PERSONAL_DATA."""
    assert PERSONAL_DATA.get(table) == column


def test_personal_data_names_real_columns() -> None:
    """Every PERSONAL_DATA entry names a table and column that exist."""
    for table, column in PERSONAL_DATA.items():
        assert table in metadata.tables
        assert column in metadata.tables[table].c
