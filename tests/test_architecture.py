"""Import rules and data-protection bookkeeping that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.storage.schema import PERSONAL_DATA, members, metadata

BOT = Path(__file__).resolve().parents[1] / "bot"
MODULES = sorted(BOT.rglob("*.py"))
ADAPTERS = Path(__file__).resolve().parents[1] / "adapters"
ADAPTER_MODULES = sorted(ADAPTERS.rglob("*.py"))
#: What of the core an adapter may use: the inbound seam, the ports, and neutral values (replies, models,
#: errors, settings, the command registry and its grammar, the translator, what ``netgroups check`` finds, what
#: the public pages and feeds show).
SEAM = {
    "bot.publishing",
    "bot.inbound",
    "bot.ports",
    "bot.checks",
    "bot.replies",
    "bot.domain.models",
    "bot.errors",
    "bot.settings",
    "bot.i18n",
    "bot.commands.registry",
    "bot.commands.grammar",
}
#: The console is also the simulation: it moves simulated time, and the deliveries with it.
CONSOLE_SEAM = {*SEAM, "bot.delivery.simulation"}


def _imported_roots(path: Path) -> set[str]:
    """The top-level package of every absolute import in one file."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def _core_modules_imported(path: Path) -> set[str]:
    """Every ``bot.…`` module one file imports from."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith("bot."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("bot."))
    return found


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


@pytest.mark.parametrize("path", ADAPTER_MODULES, ids=lambda path: str(path.relative_to(ADAPTERS.parent)))
def test_adapters_use_only_the_inbound_seam_ports_and_neutral_types(path: Path) -> None:
    """An adapter is a translator: it never reaches into the core's services, storage or delivery."""
    allowed = CONSOLE_SEAM if path.parent.name == "console" else SEAM
    assert _core_modules_imported(path) <= allowed


def test_the_adapter_walk_sees_every_platform() -> None:
    """The walk above covers the three adapters (guards against a vacuous pass)."""
    assert {path.parent.name for path in ADAPTER_MODULES} >= {"console", "discord", "matrix", "web"}
    assert any(_core_modules_imported(path) for path in ADAPTER_MODULES)


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
