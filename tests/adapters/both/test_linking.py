"""Link codes typed wrong, too late or a second time: the person is told why, politely, and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.adapters.both.conftest import CODE, BothWorld
from tests.adapters.discord.conftest import ERROR, SUCCESS
from tests.adapters.matrix.conftest import Person, content

pytestmark = pytest.mark.e2e

UNKNOWN = "That code is not known, or it was used already. Ask for a new one with profile link."
EXPIRED = "That code has expired (they last 10 minutes). Ask for a new one with profile link."


async def typed_on_matrix(both: BothWorld, person: Person, code: str) -> str:
    """What ``person`` sees in their direct room after typing the code."""
    return str(content(await both.matrix.command(person, f"!profile link {code}"))["body"])


async def typed_on_discord(both: BothWorld, user: int, code: str, *, refused: bool = True) -> str:
    """What ``user`` sees (only they) after ``/profile link code``."""
    answer = await both.discord.command("profile link", {"code": code}, user=user)
    assert answer.ephemeral
    assert answer.colour == (ERROR if refused else SUCCESS), answer.text
    return answer.text


# Each refusal is seen on each platform once: the code asked for on one and typed on the other.
@pytest.mark.parametrize(
    ("problem", "typed_on"), [("wrong", "matrix"), ("expired", "matrix"), ("expired", "discord"), ("reused", "discord")]
)
async def test_a_bad_link_code_is_refused_clearly_and_changes_nothing(
    both: BothWorld, problem: str, typed_on: str
) -> None:
    """A mistyped, expired or already used code gets a reply saying so; members and answers stay as they were."""
    d, m = both.discord, both.matrix
    bob_m, cid_m = await m.person("Bob"), await m.person("Cid")
    # Everyone is known to the bot before: the refused code is the only thing that could change anything.
    for user in (d.bob, d.alice):
        assert (await d.command("help", user=user)).colour != ERROR
    for person in (bob_m, cid_m):
        await m.command(person, "!help")

    if typed_on == "matrix":  # Bob asks on Discord, types on Matrix (Cid is the second to try a used code)
        asked = await d.command("profile link", user=d.bob)
        assert asked.ephemeral
        found = CODE.search(asked.text)
    else:  # Bob asks on Matrix, types on Discord (Alice is the second)
        found = CODE.search(content(await m.command(bob_m, "!profile link"))["body"])
    assert found
    code = found.group(1)

    async def attempt(typist: int, code: str, *, refused: bool = True) -> str:
        if typed_on == "matrix":
            shown = await typed_on_matrix(both, (bob_m, cid_m)[typist], code)
            assert shown.startswith("✖ " if refused else "✔ "), shown
            return shown
        return await typed_on_discord(both, (d.bob, d.alice)[typist], code, refused=refused)

    typist = 0
    if problem == "wrong":
        code = code[:-1] + ("B" if code[-1] == "A" else "A")  # one character mistyped
    elif problem == "expired":
        both.clock.advance(timedelta(minutes=10, seconds=1))
    elif problem == "reused":
        assert "Linked: both accounts are now Bob" in await attempt(0, code, refused=False)
        typist = 1
    before = await both.snapshot()

    shown = await attempt(typist, code)

    assert (EXPIRED if problem == "expired" else UNKNOWN) in shown
    assert await both.snapshot() == before


async def test_a_code_asked_in_a_shared_matrix_room_reaches_only_its_owner_and_works_on_discord(
    both: BothWorld,
) -> None:
    """Bob asks for his link code in #shiatsu's Matrix room: the room sees only a pointer, the code is in his
    direct room, and typed on Discord it links his accounts."""
    d, m = both.discord, both.matrix
    bob_m, cid_m = await m.person("Bob"), await m.person("Cid")
    _, room = await both.open_shiatsu(coordinator=d.alice, on_discord=(), on_matrix=(bob_m, cid_m))
    asked = await bob_m.say(room, "!profile link")
    await m.bot_sync()
    answer = await m.reply_to(bob_m, room, asked)
    found = CODE.search(content(answer)["body"])
    assert found, content(answer)["body"]
    await cid_m.until(lambda: any(e["sender"] == m.bot_id for e in cid_m.events(room)), "the bot in the room")
    await cid_m.sync()
    assert found.group(1) not in "\n".join(str(content(e).get("body", "")) for e in cid_m.events(room))

    linked = await d.command("profile link", {"code": found.group(1)}, user=d.bob)
    assert linked.colour == SUCCESS, linked.text
    assert "Linked: both accounts are now" in linked.text
