"""The section lifecycle typed at the console: propose, approve, list, info, join, leave, coordinate, archive.

Anna is the first member, so she is the community admin; Bo, Cleo and Dan are plain members.
"""

from __future__ import annotations

import pytest

from bot.domain.models import Role, SectionStatus
from tests.adapters.console.helpers import coordinators, only_post, posts, roles, snapshot, status
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter

# Bo proposes shiatsu and Anna, the admin, approves it: Bo is its coordinator.
SHIATSU = """
:as Anna
:as Bo
/section create Shiatsu kind:profession description:"Pressure-point therapy" purpose:"We share treatment rooms"
:as Anna
/section approve shiatsu
"""


@pytest.fixture
async def shiatsu(console_after: ConsoleAfter) -> ConsoleDriver:
    return await console_after(SHIATSU)


async def test_member_proposal_waits_for_approval(console: ConsoleDriver) -> None:
    """A plain member's proposal waits for an admin, announced in #central, and has no coordinator yet."""
    out = await console.say(":as Anna\n:as Bo\n/section create Shiatsu")
    reply, announcement = posts(out)
    assert reply.channel == "central"
    assert "✔ Thank you! Section shiatsu (Shiatsu) is proposed; a community admin will approve it" in reply.body
    assert announcement.channel == "central"
    assert "Bo proposes a new section: Shiatsu (shiatsu)." in announcement.body
    assert "/section approve shiatsu" in announcement.body
    assert await status(console, "shiatsu") is SectionStatus.PROPOSED
    assert await roles(console, "shiatsu") == {}
    assert "Bo" not in await roles(console, "coordinators")


async def test_admin_proposal_opens_at_once(console: ConsoleDriver) -> None:
    """The admin's own proposal opens at once, with the admin as its coordinator."""
    out = await console.say(':as Anna\n/section create "Zonterapi Malmö" kind:region')
    reply, announcement = posts(out)
    assert "✔ Section zonterapi-malmo (Zonterapi Malmö) is open, and you are its coordinator." in reply.body
    assert announcement.channel == "central"
    assert "New section: Zonterapi Malmö (zonterapi-malmo)." in announcement.body
    assert await status(console, "zonterapi-malmo") is SectionStatus.ACTIVE
    assert await roles(console, "zonterapi-malmo") == {"Anna": Role.COORDINATOR}
    assert "Anna" in await roles(console, "coordinators")


async def test_admin_approval_makes_proposer_coordinator(console: ConsoleDriver) -> None:
    """Approval opens the section, makes the proposer its coordinator and announces it in #central."""
    await console.say(":as Anna\n:as Bo\n/section create Shiatsu")
    out = await console.say(":as Anna\n/section approve shiatsu")
    reply, announcement = posts(out)
    assert "✔ Section shiatsu (Shiatsu) is approved and open." in reply.body
    assert announcement.header.startswith("#central · message ")
    assert announcement.body == "New section: Shiatsu (shiatsu).\nJoin it with /section join shiatsu."
    assert await status(console, "shiatsu") is SectionStatus.ACTIVE
    assert await roles(console, "shiatsu") == {"Bo": Role.COORDINATOR}
    assert "Bo" in await roles(console, "coordinators")
    assert "Coordinator: Bo" in await console.say("/section info shiatsu")


async def test_approval_by_non_admin_refused(console: ConsoleDriver) -> None:
    """Only a community admin may approve; the section stays proposed."""
    await console.say(":as Anna\n:as Bo\n/section create Shiatsu")
    out = await console.say("/section approve shiatsu")
    post = only_post(out)
    assert post.header == "@Bo (only you)"
    assert post.body == "✖ Only a community admin may do that."
    assert await status(console, "shiatsu") is SectionStatus.PROPOSED
    assert await roles(console, "shiatsu") == {}


async def test_approving_an_open_section_refused(shiatsu: ConsoleDriver) -> None:
    """Approving twice is refused with a clear reason."""
    out = await shiatsu.say("/section approve shiatsu")
    assert only_post(out).body == "✖ Section shiatsu is not waiting for approval."


async def test_list_shows_proposed_and_active_with_member_counts(shiatsu: ConsoleDriver) -> None:
    """The list marks proposals and counts members of active sections."""
    await shiatsu.say(":as Cleo\n/section join shiatsu\n/section create Reflexology")
    out = await shiatsu.say("/section list")
    assert only_post(out).body.splitlines() == [
        "Sections (4)",
        "• central — Central network group (central group, 3 members)",
        "• coordinators — Coordinators (coordinators, one member)",
        "• reflexology — Reflexology (proposed, waiting for approval)",
        "• shiatsu — Shiatsu (profession, 2 members)",
        "Join one with /section join NAME.",
    ]


@pytest.mark.parametrize(
    ("script", "role_line"),
    [
        (":as Bo", "You coordinate this section."),
        (":as Cleo\n/section join shiatsu", "You are a member."),
        (":as Dan", "You are not a member."),
    ],
)
async def test_info_shows_section_and_your_role(shiatsu: ConsoleDriver, script: str, role_line: str) -> None:
    """Info shows kind, status, members, coordinators, description, purpose and the reader's role."""
    await shiatsu.say(script)
    out = await shiatsu.say("/section info shiatsu")
    lines = only_post(out).body.splitlines()
    assert lines[0] == "Shiatsu (shiatsu)"
    assert "Kind: profession; status: active" in lines
    assert "Coordinator: Bo" in lines
    assert "About: Pressure-point therapy" in lines
    assert "What we have, what we need: We share treatment rooms" in lines
    assert lines[-1] == role_line


async def test_info_on_a_proposal_shows_it_waiting(console: ConsoleDriver) -> None:
    """A proposal can be looked at before approval; it has no coordinator yet."""
    await console.say(":as Anna\n:as Bo\n/section create Shiatsu")
    body = only_post(await console.say("/section info shiatsu")).body
    assert "Kind: profession; status: proposed, waiting for approval" in body
    assert "No coordinator yet" in body


async def test_join(shiatsu: ConsoleDriver) -> None:
    """Joining answers privately and makes one a member."""
    out = await shiatsu.say(":as Cleo\n/section join shiatsu")
    post = only_post(out)
    assert post.header == "@Cleo (only you)"
    assert post.body == "✔ You joined Shiatsu (shiatsu)."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR, "Cleo": Role.MEMBER}
    assert "• shiatsu — Shiatsu (profession, 2 members)" in await shiatsu.say("/section list")


async def test_join_twice_refused(shiatsu: ConsoleDriver) -> None:
    """Joining a section one is already in is refused."""
    await shiatsu.say(":as Cleo\n/section join shiatsu")
    out = await shiatsu.say("/section join shiatsu")
    assert only_post(out).body == "✖ You are already a member of shiatsu."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR, "Cleo": Role.MEMBER}


async def test_join_proposed_section_refused(console: ConsoleDriver) -> None:
    """A proposal cannot be joined before it is approved."""
    await console.say(":as Anna\n:as Bo\n/section create Shiatsu\n:as Cleo")
    out = await console.say("/section join shiatsu")
    assert only_post(out).body == "✖ Section shiatsu is not approved yet."
    assert await roles(console, "shiatsu") == {}


async def test_leave(shiatsu: ConsoleDriver) -> None:
    """Leaving answers privately and removes the membership."""
    await shiatsu.say(":as Cleo\n/section join shiatsu")
    out = await shiatsu.say("/section leave shiatsu")
    post = only_post(out)
    assert post.header == "@Cleo (only you)"
    assert post.body == "✔ You left Shiatsu (shiatsu)."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR}
    assert "You are not a member." in await shiatsu.say("/section info shiatsu")


async def test_leave_section_not_joined_refused(shiatsu: ConsoleDriver) -> None:
    """Leaving a section one is not in is refused."""
    out = await shiatsu.say(":as Cleo\n/section leave shiatsu")
    assert only_post(out).body == "✖ You are not a member of shiatsu."


async def test_leave_central_refused(shiatsu: ConsoleDriver) -> None:
    """Everyone stays in the central section."""
    out = await shiatsu.say(":as Cleo\n/section leave central")
    assert only_post(out).body == "✖ Everyone stays in central; it cannot be left."
    assert "Cleo" in await roles(shiatsu, "central")


@pytest.mark.parametrize("command", ["/section leave shiatsu", "/section coordinator remove shiatsu Bo"])
async def test_last_coordinator_stays(shiatsu: ConsoleDriver, command: str) -> None:
    """The last coordinator can neither leave nor be removed."""
    await shiatsu.say(":as Bo")
    before = await snapshot(shiatsu)
    out = await shiatsu.say(command)
    assert only_post(out).body == "✖ shiatsu needs a coordinator: add another one first."
    assert await snapshot(shiatsu) == before


async def test_coordinator_add(shiatsu: ConsoleDriver) -> None:
    """A new coordinator joins the section if needed and enters the coordinators section."""
    await shiatsu.say(":as Cleo\n:as Bo")
    out = await shiatsu.say("/section coordinator add shiatsu Cleo")
    post = only_post(out)
    assert post.channel == "central"
    assert post.body == "✔ Cleo now coordinates shiatsu."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR, "Cleo": Role.COORDINATOR}
    assert set(await roles(shiatsu, "coordinators")) == {"Bo", "Cleo"}
    assert "Coordinators: Bo, Cleo" in await shiatsu.say("/section info shiatsu")


async def test_coordinator_add_promotes_a_member(shiatsu: ConsoleDriver) -> None:
    """A member of the section becomes its coordinator."""
    await shiatsu.say(":as Cleo\n/section join shiatsu\n:as Bo\n/section coordinator add shiatsu Cleo")
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR, "Cleo": Role.COORDINATOR}
    assert "You coordinate this section." in await shiatsu.say(":as Cleo\n/section info shiatsu")


async def test_coordinator_add_by_plain_member_refused(shiatsu: ConsoleDriver) -> None:
    """A plain member cannot make anyone a coordinator."""
    await shiatsu.say(":as Cleo\n/section join shiatsu")
    before = await snapshot(shiatsu)
    out = await shiatsu.say("/section coordinator add shiatsu Cleo")
    assert only_post(out).body == "✖ Only a coordinator of shiatsu may do that."
    assert await snapshot(shiatsu) == before


async def test_coordinator_remove_leaves_coordinators_section(shiatsu: ConsoleDriver) -> None:
    """Someone who coordinates nothing else drops out of the coordinators section, staying a member."""
    await shiatsu.say(":as Cleo\n:as Bo\n/section coordinator add shiatsu Cleo")
    out = await shiatsu.say("/section coordinator remove shiatsu Cleo")
    post = only_post(out)
    assert post.channel == "central"
    assert post.body == "✔ Cleo no longer coordinates shiatsu."
    assert await roles(shiatsu, "shiatsu") == {"Bo": Role.COORDINATOR, "Cleo": Role.MEMBER}
    assert set(await roles(shiatsu, "coordinators")) == {"Bo"}


async def test_coordinator_remove_keeps_coordinators_section_for_other_sections(shiatsu: ConsoleDriver) -> None:
    """Someone who still coordinates another section stays in the coordinators section."""
    await shiatsu.say(":as Cleo\n/section create Reflexology\n:as Anna\n/section approve reflexology")
    await shiatsu.say(":as Bo\n/section coordinator add shiatsu Cleo\n/section coordinator remove shiatsu Cleo")
    assert await coordinators(shiatsu, "shiatsu") == ["Bo"]
    assert await coordinators(shiatsu, "reflexology") == ["Cleo"]
    assert set(await roles(shiatsu, "coordinators")) == {"Bo", "Cleo"}


async def test_archive_by_coordinator(shiatsu: ConsoleDriver) -> None:
    """A coordinator archives the section: it leaves the list, cannot be joined, and its coordinators step down."""
    out = await shiatsu.say(":as Bo\n/section archive shiatsu")
    post = only_post(out)
    assert post.channel == "central"
    assert post.body == "✔ Section shiatsu (Shiatsu) is archived."
    assert await status(shiatsu, "shiatsu") is SectionStatus.ARCHIVED
    assert "Bo" not in await roles(shiatsu, "coordinators")
    assert "shiatsu" not in await shiatsu.say("/section list")
    out = await shiatsu.say(":as Cleo\n/section join shiatsu")
    assert only_post(out).body == "✖ Section shiatsu is archived."
    assert "Cleo" not in await roles(shiatsu, "shiatsu")


async def test_archive_by_plain_member_refused(shiatsu: ConsoleDriver) -> None:
    """A plain member cannot archive, and nothing changes."""
    await shiatsu.say(":as Cleo\n/section join shiatsu")
    before = await snapshot(shiatsu)
    out = await shiatsu.say("/section archive shiatsu")
    assert only_post(out).body == "✖ Only a coordinator of shiatsu may do that."
    assert await snapshot(shiatsu) == before
    assert await status(shiatsu, "shiatsu") is SectionStatus.ACTIVE


@pytest.mark.parametrize("slug", ["central", "coordinators"])
async def test_archiving_builtin_section_refused(shiatsu: ConsoleDriver, slug: str) -> None:
    """Even the admin cannot archive the central or coordinators section."""
    before = await snapshot(shiatsu)
    out = await shiatsu.say(f"/section archive {slug}")
    assert only_post(out).body == f"✖ {slug} belongs to the whole community and cannot be archived."
    assert await snapshot(shiatsu) == before


async def test_joining_coordinators_by_hand_refused(shiatsu: ConsoleDriver) -> None:
    """Nobody joins the coordinators section by hand."""
    await shiatsu.say(":as Cleo")
    before = await snapshot(shiatsu)
    out = await shiatsu.say("/section join coordinators")
    assert only_post(out).body == (
        "✖ The coordinators’ section keeps itself in step: every coordinator of a section is in it,"
        " and nobody joins or leaves it by hand."
    )
    assert "Cleo" not in await roles(shiatsu, "coordinators")
    assert await snapshot(shiatsu) == before


async def test_in_channel_commands_use_its_section(shiatsu: ConsoleDriver) -> None:
    """Typed in #shiatsu, /section info and /section leave need no section name."""
    await shiatsu.say(":as Cleo\n/section join shiatsu")
    post = only_post(await shiatsu.say(":in shiatsu\n/section info"))
    assert post.channel == "shiatsu"
    assert post.body.splitlines()[0] == "Shiatsu (shiatsu)"
    assert "You are a member." in post.body
    await shiatsu.say("/section leave")
    assert "Cleo" not in await roles(shiatsu, "shiatsu")


async def test_in_unknown_section_refused(shiatsu: ConsoleDriver) -> None:
    """:in names an existing section, or the console says so and stays where it was."""
    out = await shiatsu.say(":in nowhere\n/section info")
    refusal, info = posts(out)
    assert refusal.body == "✖ There is no section called “nowhere”. See the list with /section list."
    assert info.channel == "central"
