"""Hand-over and stepping down, on the console: a section passes from one coordinator to another only when the new
one accepts, and is never left without a coordinator by mistake."""

from __future__ import annotations

from bot.domain.models import Role
from bot.storage.repositories import sections
from bot.storage.schema import memberships, platform_state
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import community, posts, rows, section

#: Anna (a community admin) makes #gardens and hands it to Bo, who is not an admin; Cleo and Dan join.
BO_COORDINATES = """
:as Anna
/section create Gardens
:as Bo
/section join gardens
:as Anna
/section coordinator add gardens Bo
:as Cleo
/section join gardens
:as Dan
/section join gardens
:as Anna
/section coordinator step-down gardens Anna
"""


async def roles(console: ConsoleDriver, slug: str = "gardens") -> dict[str, str]:
    found = await console.core.services.sections.get(await community(console), slug, include_inactive=True)
    async with console.core.database.transaction() as conn:
        everyone = await sections.members_with_role(conn, found.id)
        coordinators = {member.id for member in await sections.members_with_role(conn, found.id, Role.COORDINATOR)}
    return {member.display_name: "coordinator" if member.id in coordinators else "member" for member in everyone}


def direct_to(output: str, name: str) -> list[str]:
    return [post.body for post in posts(output) if post.header.startswith(f"@{name} (direct)")]


async def test_a_handover_accepted_makes_the_member_coordinator_and_the_old_one_a_member(
    console: ConsoleDriver,
) -> None:
    """Bo offers #gardens to Cleo; Cleo is asked privately, Bo stays coordinator until Cleo accepts; then Cleo
    coordinates it, Bo is a member and is thanked privately."""
    await console.say(BO_COORDINATES)
    out = await console.say(":as Bo\n:in gardens\n/section handover Cleo\n:time +1m")
    assert "Cleo has been asked privately whether they will take over gardens." in out
    (asked,) = direct_to(out, "Cleo")
    assert "Bo would like to hand Gardens (gardens) over to you" in asked
    assert "/section coordinator accept gardens" in asked
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}

    out = await console.say(":as Cleo\n/section coordinator accept gardens\n:time +1m")
    assert "You now coordinate gardens." in out
    assert await roles(console) == {"Anna": "member", "Bo": "member", "Cleo": "coordinator", "Dan": "member"}
    (told,) = direct_to(out, "Bo")
    assert "Cleo accepted your hand-over" in told
    coordinators = await section(console, "coordinators")
    assert {row.member_id for row in await rows(console, memberships, memberships.c.section_id == coordinators.id)} == {
        (await console.core.services.communities.find_member(await community(console), "console", "Cleo")).id
    }


async def test_a_handover_declined_changes_nothing_and_the_offer_is_gone(console: ConsoleDriver) -> None:
    """Cleo says no: Bo is told, stays coordinator, and a later accept finds no offer."""
    await console.say(BO_COORDINATES)
    await console.say(":as Bo\n/section handover Cleo gardens\n:time +1m")
    out = await console.say(":as Cleo\n/section coordinator decline gardens\n:time +1m")
    assert "You said no to coordinating gardens; nothing has changed." in out
    (told,) = direct_to(out, "Bo")
    assert "Cleo said no to taking over gardens. You remain its coordinator." in told
    out = await console.say(":as Cleo\n/section coordinator accept gardens")
    assert "Nobody has offered you gardens to coordinate." in out
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}


async def test_an_expired_handover_cannot_be_accepted(console: ConsoleDriver) -> None:
    """Eight days later the offer has expired: accepting is refused politely and nothing changes."""
    await console.say(BO_COORDINATES)
    await console.say(":as Bo\n/section handover Cleo gardens\n:time +8d")
    out = await console.say(":as Cleo\n/section coordinator accept gardens")
    assert "The offer to coordinate gardens has expired; nothing has changed." in out
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}


async def test_only_the_member_asked_can_accept(console: ConsoleDriver) -> None:
    """Dan, who was not asked, cannot take the section over."""
    await console.say(BO_COORDINATES)
    await console.say(":as Bo\n/section handover Cleo gardens")
    out = await console.say(":as Dan\n/section coordinator accept gardens")
    assert "Nobody has offered you gardens to coordinate." in out
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}


async def test_a_member_cannot_offer_a_section_they_do_not_coordinate(console: ConsoleDriver) -> None:
    await console.say(BO_COORDINATES)
    out = await console.say(":as Dan\n/section handover Cleo gardens")
    assert "Only a coordinator of gardens may do that." in out
    async with console.core.database.transaction() as conn:
        assert not [row for row in await conn.execute(platform_state.select()) if row.key.startswith("handover:")]


async def test_the_last_coordinator_cannot_step_down(console: ConsoleDriver) -> None:
    """Bo, #gardens' only coordinator, is refused politely, with the two ways out."""
    await console.say(BO_COORDINATES)
    out = await console.say(":as Bo\n/section coordinator step-down gardens")
    assert "Bo is the only coordinator of gardens, and a section needs one." in out
    assert "/section handover MEMBER" in out
    assert "/section coordinator step-down gardens Bo" in out
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}


async def test_a_coordinator_with_a_colleague_may_step_down(console: ConsoleDriver) -> None:
    await console.say(BO_COORDINATES + ":as Bo\n/section coordinator add gardens Cleo\n")
    out = await console.say(":as Bo\n/section coordinator step-down gardens")
    assert "Bo no longer coordinates gardens and stays in it as a member." in out
    assert await roles(console) == {"Anna": "member", "Bo": "member", "Cleo": "coordinator", "Dan": "member"}


async def test_an_admin_agreeing_lets_the_last_coordinator_step_down(console: ConsoleDriver) -> None:
    """Anna, a community admin, names Bo: he steps down, and the section is left without a coordinator."""
    await console.say(BO_COORDINATES)
    out = await console.say(":as Anna\n/section coordinator step-down gardens Bo")
    assert "Bo no longer coordinates gardens" in out
    assert "gardens has no coordinator now" in out
    assert await roles(console) == {"Anna": "member", "Bo": "member", "Cleo": "member", "Dan": "member"}


async def test_naming_someone_else_is_for_admins(console: ConsoleDriver) -> None:
    await console.say(BO_COORDINATES)
    out = await console.say(":as Dan\n/section coordinator step-down gardens Bo")
    assert "admin" in out
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}


async def test_the_last_coordinator_of_an_archived_section_may_step_down(console: ConsoleDriver) -> None:
    await console.say(BO_COORDINATES + ":as Bo\n/section archive gardens\n")
    out = await console.say(":as Bo\n/section coordinator step-down gardens")
    assert "Bo no longer coordinates gardens" in out
    assert await roles(console) == {"Anna": "member", "Bo": "member", "Cleo": "member", "Dan": "member"}


async def test_in_the_central_group_the_commands_are_refused_politely(console: ConsoleDriver) -> None:
    """Typed in #central without naming a section, they are about #central, which has no coordinators: a polite
    refusal, nothing changed."""
    await console.say(BO_COORDINATES)
    for line in ("/section coordinator step-down", "/section coordinator accept", "/section coordinator decline"):
        out = await console.say(f":as Bo\n:in central\n{line}")
        assert "central has no coordinators of its own." in out, out
    assert await roles(console) == {"Anna": "member", "Bo": "coordinator", "Cleo": "member", "Dan": "member"}
