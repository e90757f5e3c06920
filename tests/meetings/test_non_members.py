"""Someone not in a section answering its meetings or proposing for them, by command or by reaction.

The rule: a yes or maybe to a meeting of an open section joins you to it (and says so); a no is taken
without joining; proposing an agenda item is for members (refused with the command that joins); in a
section nobody joins by hand (the coordinators') a non-member's answer or proposal is refused, with how
to get in, and a reaction there is not taken.
"""

from __future__ import annotations

import pytest

from bot.bootstrap import Core
from bot.domain.models import Community, Role
from bot.inbound import Invocation, ReactionChange, Speaker
from bot.storage.schema import agenda_items, outbox
from tests.adapters.console.helpers import only_post, posts, roles, snapshot
from tests.console_driver import ConsoleDriver
from tests.fakes import FakeGateway
from tests.meetings.helpers import answers, calls, occurrence_of, rows, section_with

BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'
WHEN = "Tuesday, March 3, 2026 18:00"
CLOSED = (
    "✖ Only members of coordinators answer and propose for its meetings, and nobody joins it by hand: every "
    "coordinator of a section is in it. A community admin can make you a coordinator with "
    "/section coordinator add SECTION NAME."
)


async def first_call(console: ConsoleDriver) -> int:
    """#shiatsu (Anna coordinates, Bo is a member) with its first call (3 March) out; the call's occurrence."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    return occurrence_of(calls(console)[0])


async def coordinators_call(console: ConsoleDriver) -> int:
    """A weekly meeting of the coordinators' section (Anna is in it) with its first call out; its occurrence."""
    await section_with(console, schedule='/meeting schedule "weekly wed" 18:00 section:coordinators')
    return occurrence_of(next(c for c in calls(console) if c.channel == "#coordinators"))


async def answered(console: ConsoleDriver, script: str) -> str:
    """Run ``script``; the private answer to its last line (the call's edit may follow it)."""
    printed = posts(await console.say(script))
    assert printed[0].private, printed
    return printed[0].body


async def refused(console: ConsoleDriver, line: str) -> str:
    """Type ``line``; check it printed one private block and changed no row of any table; return the block."""
    before = await snapshot(console)
    post = only_post(await console.say(line))
    assert post.private, post
    assert await snapshot(console) == before
    return post.body


# --- /rsvp ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "stored", "said"),
    [
        ("/rsvp yes shiatsu", "yes", f"✔ You joined shiatsu and are coming on {WHEN}."),
        ("/rsvp maybe shiatsu", "maybe", f"✔ You joined shiatsu and might come on {WHEN}."),
        ("/rsvp yes shiatsu 2026-03-03", "yes", f"✔ You joined shiatsu and are coming on {WHEN}."),
    ],
    ids=["yes", "maybe", "yes-by-date"],
)
async def test_a_yes_or_maybe_from_a_non_member_joins_the_section(
    console: ConsoleDriver, line: str, stored: str, said: str
) -> None:
    """Answering yes or maybe makes Cleo a member of the open section, and the reply says so."""
    occurrence = await first_call(console)
    body = await answered(console, f":as Cleo\n{line}")
    assert body == f"{said} Its meetings reach you from now on; leave with /section leave shiatsu."
    assert (await roles(console, "shiatsu"))["Cleo"] is Role.MEMBER
    assert (await answers(console, occurrence))["Cleo"] == stored


async def test_a_no_from_a_non_member_is_taken_without_joining(console: ConsoleDriver) -> None:
    """A no is noted, and Cleo stays out of the section."""
    occurrence = await first_call(console)
    body = await answered(console, ":as Cleo\n/rsvp no shiatsu")
    assert body == f"✔ Noted: no for shiatsu on {WHEN}."
    assert "Cleo" not in await roles(console, "shiatsu")
    assert (await answers(console, occurrence))["Cleo"] == "no"


async def test_a_members_answer_says_nothing_of_joining(console: ConsoleDriver) -> None:
    """Bo is a member already: his yes is noted as ever."""
    await first_call(console)
    body = await answered(console, ":as Bo\n/rsvp yes shiatsu")
    assert body == f"✔ Noted: yes for shiatsu on {WHEN}."


async def test_always_from_a_non_member_joins_the_section(console: ConsoleDriver) -> None:
    """Always coming is a yes to every meeting: it joins too, and says so."""
    occurrence = await first_call(console)
    body = await answered(console, ":as Cleo\n/rsvp always shiatsu")
    assert body == (
        "✔ You joined shiatsu and are always coming: every meeting counts you in until you say /rsvp never."
    )
    assert (await roles(console, "shiatsu"))["Cleo"] is Role.MEMBER
    assert (await answers(console, occurrence))["Cleo"] == "yes"


async def test_a_yes_to_a_full_meeting_joins_and_waits(console: ConsoleDriver) -> None:
    """A full meeting puts the new member on its waiting list: the reply says both."""
    await section_with(console, "Bo", schedule=BIWEEKLY + " capacity:1")
    occurrence = occurrence_of(calls(console)[0])
    await console.say(":as Bo\n/rsvp yes shiatsu")
    body = await answered(console, ":as Cleo\n/rsvp yes shiatsu")
    assert body == (
        f"✔ You joined shiatsu. The meeting on {WHEN} is full: you are on the waiting list and will hear from me "
        "if a place opens."
    )
    assert (await answers(console, occurrence))["Cleo"] == "yes (waiting)"


@pytest.mark.parametrize("answer", ["yes", "maybe", "no", "always"])
async def test_answers_in_the_coordinators_section_are_refused_to_non_members(
    console: ConsoleDriver, answer: str
) -> None:
    """Nobody joins the coordinators' section by hand: a non-member's answer, even a no, is refused, unchanged."""
    await coordinators_call(console)
    await console.say(":as Cleo")
    assert await refused(console, f"/rsvp {answer} coordinators") == CLOSED


async def test_a_coordinator_answers_in_the_coordinators_section(console: ConsoleDriver) -> None:
    """Anna coordinates a section, so she is in the coordinators' and answers there as ever."""
    occurrence = await coordinators_call(console)
    body = await answered(console, "/rsvp yes coordinators")
    assert body.startswith("✔ Noted: yes for coordinators on ")
    assert (await answers(console, occurrence))["Anna"] == "yes"


# --- /agenda propose ------------------------------------------------------------------------------


async def test_a_proposal_from_a_non_member_is_refused_with_the_join_command(console: ConsoleDriver) -> None:
    """Cleo is told the exact command that joins her; nothing is proposed."""
    await first_call(console)
    await console.say(":as Cleo")
    assert await refused(console, '/agenda propose "Marketing on Instagram" 10 shiatsu') == (
        "✖ Only members of shiatsu propose agenda items for its meetings. Join with /section join shiatsu, "
        "then propose again."
    )


async def test_after_joining_the_proposal_is_taken(console: ConsoleDriver) -> None:
    """The join command the refusal names is all it takes."""
    await first_call(console)
    out = await console.say(':as Cleo\n/section join shiatsu\n/agenda propose "Marketing on Instagram" 10 shiatsu')
    assert "✔ Thank you! “Marketing on Instagram” is proposed" in out
    assert [row.title for row in await rows(console, agenda_items) if row.status == "proposed"] == [
        "Marketing on Instagram"
    ]


async def test_a_proposal_in_the_coordinators_section_is_refused_to_non_members(console: ConsoleDriver) -> None:
    """There the refusal says how one comes to be in it."""
    await coordinators_call(console)
    await console.say(":as Cleo")
    assert await refused(console, "/agenda propose Budget 10 coordinators") == CLOSED


# --- reactions on the call ------------------------------------------------------------------------


@pytest.mark.parametrize(("emoji", "stored"), [("✅", "yes"), ("🤔", "maybe")])
async def test_a_yes_or_maybe_reaction_from_a_non_member_joins(console: ConsoleDriver, emoji: str, stored: str) -> None:
    """The same rule for a reaction on the call: Cleo's answer counts and she is in the section."""
    occurrence = await first_call(console)
    await console.say(f":as Cleo\n:react {calls(console)[0].number} {emoji}")
    assert (await roles(console, "shiatsu"))["Cleo"] is Role.MEMBER
    assert (await answers(console, occurrence))["Cleo"] == stored


async def test_a_no_reaction_from_a_non_member_is_taken_without_joining(console: ConsoleDriver) -> None:
    """A ❌ counts as a no and leaves Cleo out of the section."""
    occurrence = await first_call(console)
    await console.say(f":as Cleo\n:react {calls(console)[0].number} ❌")
    assert "Cleo" not in await roles(console, "shiatsu")
    assert (await answers(console, occurrence))["Cleo"] == "no"


@pytest.mark.parametrize("emoji", ["✅", "🤔", "❌"])
async def test_a_reaction_in_the_coordinators_section_from_a_non_member_is_not_taken(
    console: ConsoleDriver, emoji: str
) -> None:
    """No answer is stored and nobody is added: the section keeps itself in step with who coordinates."""
    occurrence = await coordinators_call(console)
    number = next(c for c in calls(console) if c.channel == "#coordinators").number
    await console.say(f":as Cleo\n:react {number} {emoji}")
    assert "Cleo" not in await answers(console, occurrence)
    assert "Cleo" not in await roles(console, "coordinators")


# --- on a platform: membership mirrored, reactions read back after downtime -------------------------

ANNA = Speaker("u-anna", "Anna", admin=True)
CLEO = Speaker("u-cleo", "Cleo")


def typed(community: Community, speaker: Speaker, text: str, channel: str = "#central") -> Invocation:
    return Invocation("fake", community, speaker, text, channel=channel, prefix="!")


async def _call_of(core: Core, gateway: FakeGateway, section: str) -> tuple[str, int]:
    """The message and occurrence of the call sent to ``section``'s channel."""
    number = next(
        str(index + 1)
        for index, (destination, post, _) in enumerate(gateway.sent)
        if ":call:" in post.marker and destination.channel == f"#{section}"
    )
    (row,) = [r for r in await rows(core, outbox) if r.kind == "call" and r.external_message == number]
    return number, row.occurrence_id


@pytest.fixture
async def platform(core: Core) -> tuple[Core, FakeGateway, Community]:
    """#shiatsu and the coordinators' section on a fake platform that mirrors memberships, each with its first
    call out; Cleo is known (in the central group only)."""
    gateway = FakeGateway()
    core.inbound.declare("fake", welcomes_members=True, mirrors_sections=True)
    community = await core.inbound.community("fake", "guild")
    await core.inbound.attach(gateway)
    await core.inbound.answer(typed(community, ANNA, "!section create Shiatsu"))
    await core.worker.tick()
    for section in ("shiatsu", "coordinators"):
        schedule = f'!meeting schedule "weekly tue" 18:00 90 Hus section:{section}'
        await core.inbound.answer(typed(community, ANNA, schedule))
        await core.worker.tick()
    await core.inbound.member("fake", community, CLEO)
    await core.worker.tick()
    return core, gateway, community


async def test_joining_by_reaction_lets_the_member_into_the_sections_channel(
    platform: tuple[Core, FakeGateway, Community],
) -> None:
    """A ✅ joins like ``section join`` does: the platform is asked to let Cleo into #shiatsu."""
    core, gateway, community = platform
    call, occurrence = await _call_of(core, gateway, "shiatsu")
    gateway.access.clear()
    await core.inbound.reactions("fake", community, [ReactionChange(call, CLEO, "✅", True)])
    await core.worker.tick()
    assert gateway.access == [("#shiatsu", "u-cleo", True)]
    assert await answers(core, occurrence) == {"Cleo": "yes"}


@pytest.mark.parametrize(("section", "stored"), [("shiatsu", {"Cleo": "yes"}), ("coordinators", {})])
async def test_reactions_read_back_after_downtime_follow_the_same_rule(
    platform: tuple[Core, FakeGateway, Community], section: str, stored: dict[str, str]
) -> None:
    """A ✅ made while the bot was away joins an open section; in the coordinators' it is not taken."""
    core, gateway, _ = platform
    call, occurrence = await _call_of(core, gateway, section)
    gateway.reaction_state[call] = {"✅": frozenset({"u-cleo"})}
    core.read_back("fake")
    await core.reconciled()
    assert await answers(core, occurrence) == stored
    assert ("Cleo" in await _member_names(core, section)) is bool(stored)


async def _member_names(core: Core, slug: str) -> set[str]:
    community = await core.inbound.community("fake", "guild")
    section = await core.services.sections.get(community, slug)
    ids = set(await core.services.sections.member_ids(section.id))
    return {(await core.services.communities.member(member_id)).display_name for member_id in ids}
