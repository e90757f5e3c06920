"""A member's own data: ``mydata export`` holds every row about them, ``mydata erase`` leaves none.

Bo has history on two platforms (the console and a Discord account linked to it): a profile, sections, answers,
a standing answer, direct reminders, an agenda proposal, a proposed section, a memo, a link code. Run on a
real SQLite file and on a real PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import ForeignKey, select, text

from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.inbound import Invocation, Speaker
from bot.settings import Settings
from bot.storage.repositories import communities
from bot.storage.schema import PERSONAL_DATA, metadata
from tests.adapters.console.helpers import community, posts
from tests.console_driver import ConsoleDriver

DISCORD_USER = "4455667788"

HISTORY = """
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "every week tue" 18:00 90 "Folkets hus"
:as Bo
/section join shiatsu
/profile set place:Malmö trade:Masseur needs:"a bookkeeper" visible:yes
/rsvp always
/reminders dm
/agenda propose "Pricing a first session"
/section create "Yoga teachers"
:as Anna
/section coordinator add shiatsu Bo
:time 2026-03-04T09:00+01:00
:as Bo
/memo post "We talked about pricing." shiatsu
"""


@pytest.fixture
async def console(
    migrated_database_url: str, tmp_path: Path, clock: SimulatedClock, translator: Translator
) -> AsyncIterator[ConsoleDriver]:
    settings = Settings(storage={"data_dir": tmp_path})  # type: ignore[arg-type]
    core = await build_core(settings, clock, database_url=migrated_database_url, translator=translator)
    driver = ConsoleDriver(core, clock)
    await driver.start()
    yield driver
    await core.close()


async def _bo_with_history(console: ConsoleDriver) -> int:
    """Bo's history on the console, then his Discord account linked to him; his member id."""
    await console.say(HISTORY)
    place = await community(console)
    async with console.core.database.transaction() as conn:
        await communities.bind(conn, place.id, "discord", "guild-1")
    code = re.search(r"Your code is (\w+)", await console.say("/profile link"))
    assert code is not None
    inbound = console.core.inbound
    guild = await inbound.community("discord", "guild-1")
    linked = await inbound.answer(
        Invocation("discord", guild, Speaker(DISCORD_USER, "Bo B."), f"/profile link {code.group(1)}")
    )
    assert linked.reply.lines[0].key == "link-done"
    bo = await inbound.known_member("console", place, "bo")
    assert bo is not None
    return bo.id


async def _rows_naming(console: ConsoleDriver, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each PERSONAL_DATA table's rows naming the member, read straight from the database."""
    found = {}
    async with console.core.database.transaction() as conn:
        for name, column in PERSONAL_DATA.items():
            table = metadata.tables[name]
            rows = await conn.execute(select(table).where(table.c[column] == member_id))
            found[name] = [dict(row._mapping) for row in rows]
    return found


def _member_columns() -> list[tuple[str, str]]:
    """Every column of every table that refers to members.id."""
    return [
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        for key in column.foreign_keys
        if isinstance(key, ForeignKey) and key.target_fullname == "members.id"
    ] + [("members", "id")]


async def _export(console: ConsoleDriver) -> dict[str, Any]:
    out = await console.say("/mydata export")
    saved = re.search(r"📎 (\S+) \(", out)
    assert saved is not None, out
    return json.loads(await asyncio.to_thread(Path(saved.group(1)).read_bytes))  # type: ignore[no-any-return]


async def test_export_holds_every_row_about_the_member(console: ConsoleDriver) -> None:
    bo = await _bo_with_history(console)
    document = await _export(console)
    assert document["format"] == "netgroups-personal-data/1"
    assert document["member_id"] == bo
    expected = await _rows_naming(console, bo)
    assert set(document["tables"]) == set(PERSONAL_DATA)
    for table, rows in expected.items():
        keys = [column.name for column in metadata.tables[table].primary_key.columns]
        exported = {tuple(row[key] for key in keys) for row in document["tables"][table]}
        assert exported >= {tuple(row[key] for key in keys) for row in rows}, table
    # His history reaches every kind of table a member's data lives in.
    for table in (
        "members",
        "identities",
        "memberships",
        "profiles",
        "profile_words",
        "sections",
        "rsvps",
        "standing_rsvps",
        "agenda_items",
        "memos",
        "outbox",
        "platform_state",
    ):
        assert document["tables"][table], f"nothing of Bo's in {table}"
    accounts = {(row["platform"], row["external_id"]) for row in document["tables"]["identities"]}
    assert accounts == {("console", "bo"), ("discord", DISCORD_USER)}
    assert document["tables"]["profiles"][0]["needs"] == "a bookkeeper"


async def test_the_summary_is_private_and_says_what_is_kept(console: ConsoleDriver) -> None:
    await _bo_with_history(console)
    printed = posts(await console.say("/mydata export"))
    assert [post.header for post in printed] == ["@Bo (only you)"]
    lines = printed[0].body.splitlines()
    assert lines[:-3] == [
        "What I keep about you in Our network",
        "Name: Bo",
        "Accounts: console bo and discord 4455667788",
        "Sections: central, coordinators, and shiatsu",
        "Accounts on chat platforms: 2",
        "Section memberships and roles: 3",
        "Profile: 1",
        "Sections you proposed: 1",
        "Answers to meetings: 3",  # his standing answer, on the meetings planned (a week before their call)
        'Standing answers ("always coming"): 1',
        "Agenda items you proposed: 1",
        "Memos you wrote: 1",
        "Messages and deliveries addressed to you: 5",  # his digests as a coordinator among them
        "Bookkeeping about you (direct conversations, codes): 2",
        "Words your profile is found by: 5",
    ]
    assert lines[-3] == (
        "All of it, table by table, is in the file netgroups-my-data-2026-03-04.json "
        "(JSON, for you or another service to read)."
    )
    assert lines[-2] == "To have all of it erased: /mydata erase"
    assert re.fullmatch(r"📎 \S+/files/netgroups-my-data-2026-03-04\.json \([\d,]+ bytes\)", lines[-1])
    saved = await asyncio.to_thread(Path(lines[-1].split()[1]).stat)
    assert saved.st_mode & 0o777 == 0o600


async def _erase(console: ConsoleDriver, request: str = "/mydata erase", confirm: str = "/mydata erase") -> str:
    asked = await console.say(request)
    code = re.search(r"confirm:(\w+)", asked)
    assert code is not None, asked
    return await console.say(f"{confirm} confirm:{code.group(1)}")


async def test_after_an_erase_no_row_refers_to_the_member(console: ConsoleDriver) -> None:
    bo = await _bo_with_history(console)
    done = await _erase(console)
    assert "everything I kept about you is erased" in done
    async with console.core.database.transaction() as conn:
        for table, column in _member_columns():
            count = (
                await conn.execute(text(f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = :id'), {"id": bo})
            ).scalar()
            assert count == 0, f"{table}.{column} still names member {bo}"
        # Nor do his accounts appear as a value anywhere the bot keeps bookkeeping.
        values = (await conn.execute(text("SELECT key, value FROM platform_state"))).all()
        assert not [row for row in values if DISCORD_USER in row.value or row.value == "bo"]
        accounts = (await conn.execute(text("SELECT external_id FROM identities"))).scalars().all()
        assert "bo" not in accounts
        assert DISCORD_USER not in accounts


async def test_an_erased_member_is_taken_off_the_call_and_their_memo_stays_unsigned(console: ConsoleDriver) -> None:
    await _bo_with_history(console)
    before = console.printed()
    calls = [post for post in posts(before) if post.body.startswith("Meeting call: Shiatsu")]
    assert "– Bo" in calls[-1].body
    done = posts(await _erase(console))
    assert done[0].header == "@Bo (only you)"
    assert done[0].body == (
        "✔ Done: everything I kept about you is erased. If you write to me again, you start as a new member."
    )
    (edited,) = [post for post in done if post.header.startswith("#shiatsu")]
    assert edited.header.endswith("(edited)")
    assert "Bo" not in edited.body
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in edited.body
    shown = posts(await console.say(":as Anna\n/memo show 1"))[-1].body.splitlines()
    assert shown[1:] == ["Written by a former member", "We talked about pricing."]


async def test_the_erased_person_coming_back_is_a_new_member(console: ConsoleDriver) -> None:
    await _bo_with_history(console)
    await _erase(console)
    out = posts(await console.say("/profile show"))[-1]
    assert out.header == "@Bo (only you)"
    assert out.body.splitlines()[1] == "Bo has not written a profile yet."
    again = await console.core.inbound.known_member("console", await community(console), "bo")
    assert again is not None
    # A new member: nothing of the old history (SQLite may give the freed id again; nothing refers to it).
    history = await _rows_naming(console, again.id)
    assert [row["section_id"] for row in history["memberships"]] == [1]  # the central group only
    for table in ("rsvps", "standing_rsvps", "profiles", "agenda_items", "memos", "sections"):
        assert not history[table], table
    # His Discord account, linked before, is a stranger now too: typing there makes another new member.
    guild = await console.core.inbound.community("discord", "guild-1")
    assert await console.core.inbound.known_member("discord", guild, DISCORD_USER) is None


async def test_a_wrong_or_late_code_erases_nothing(console: ConsoleDriver) -> None:
    bo = await _bo_with_history(console)
    before = await _rows_naming(console, bo)
    asked = await console.say("/mydata erase")
    code = re.search(r"confirm:(\w+)", asked)
    assert code is not None
    wrong = await console.say("/mydata erase confirm:NOPE99")
    assert "✖ That is not the code you were given for erasing Bo" in wrong
    await console.say(":time +11m")
    late = await console.say(f"/mydata erase confirm:{code.group(1)}")
    assert "✖ That is not the code you were given for erasing Bo, or it has expired" in late
    after = await _rows_naming(console, bo)
    # Only the pending request (its code) was added; nothing of Bo's went.
    assert {table: len(rows) for table, rows in after.items()} == {
        table: len(rows) + (table == "platform_state") for table, rows in before.items()
    }


async def test_an_admin_erases_a_member_and_a_member_cannot(console: ConsoleDriver) -> None:
    bo = await _bo_with_history(console)
    refused = await console.say(":as Cleo\n/member erase Bo")
    assert "✖ Only a community admin may do that" in refused
    # Bo's own code is no good for Anna, and Anna's request does not erase by itself.
    done = await _erase(console, ":as Anna\n/member erase Bo", "/member erase Bo")
    assert "✔ Bo is erased: nothing is kept about them any more." in done
    assert not (await _rows_naming(console, bo))["members"]


async def test_every_table_holding_a_members_account_is_personal_data(console: ConsoleDriver) -> None:
    """A table that holds a platform user id (in any column) is walked by export and erasure too."""
    await _bo_with_history(console)
    async with console.core.database.transaction() as conn:
        accounts = set((await conn.execute(text("SELECT external_id FROM identities"))).scalars())
        holding = set()
        for table in metadata.sorted_tables:
            for row in await conn.execute(select(table)):
                if any(isinstance(value, str) and value in accounts for value in row):
                    holding.add(table.name)
    assert holding
    assert holding <= set(PERSONAL_DATA), holding - set(PERSONAL_DATA)
