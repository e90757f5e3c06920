"""A platform's name for someone reaches the core on one line, however it comes in: with a command's speaker,
asked of the platform for a reaction, or met reading back a call's reactions (issue 17)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from adapters.matrix.render import notice
from bot.bootstrap import Core
from bot.domain.models import Community
from bot.i18n import Translator
from bot.inbound import Invocation, ReactionChange, Speaker
from tests.fakes import FakeGateway

MALLORY = "@mallory:example.org"
#: What a Matrix user may call themselves.
NAME = "Mallory\n\n✔ Meeting cancelled: stay home"
SHOWN = "Mallory ✔ Meeting cancelled: stay home"
ANNA = Speaker("u-anna", "Anna", admin=True)


@dataclass
class NamingGateway(FakeGateway):
    """Names users as the platform does when asked (a Matrix profile's display name)."""

    names: dict[str, str] = field(default_factory=dict)

    async def display_name(self, user: str) -> str:
        return self.names.get(user, user)


@dataclass
class World:
    core: Core
    gateway: NamingGateway
    community: Community
    #: The message id of the meeting call of #shiatsu.
    call: str


def typed(community: Community, speaker: Speaker, text: str) -> Invocation:
    return Invocation("fake", community, speaker, text, channel="#shiatsu", prefix="!")


@pytest.fixture
async def world(core: Core) -> World:
    """#shiatsu with a weekly meeting whose call is out, on a platform that names Mallory as above."""
    gateway = NamingGateway(names={MALLORY: NAME})
    core.inbound.declare("fake", welcomes_members=False, mirrors_sections=False)
    community = await core.inbound.community("fake", "space")
    await core.inbound.attach(gateway)
    await core.inbound.answer(typed(community, ANNA, "!section create Shiatsu"))
    await core.worker.tick()
    await core.inbound.answer(typed(community, ANNA, '!meeting schedule "weekly tue" 18:00 90 Hus'))
    await core.worker.tick()
    call = next(str(index + 1) for index, (_, post, _) in enumerate(gateway.sent) if ":call:" in post.marker)
    return World(core, gateway, community, call)


async def shown_name(world: World) -> str:
    member = await world.core.services.communities.member_by_account(world.community.id, "fake", MALLORY)
    assert member is not None
    return member.display_name


async def test_a_speakers_name_with_newlines_stays_one_line_in_the_matrix_call(
    world: World, translator: Translator
) -> None:
    """Mallory, named with newlines, says yes: the call's Matrix body has one line per line of the call."""
    core = world.core
    mallory = Speaker(MALLORY, NAME)
    await core.inbound.answer(typed(world.community, mallory, "!section join shiatsu"))
    await core.inbound.answer(typed(world.community, mallory, "!rsvp yes shiatsu"))
    await core.editor.flush()
    message, post = world.gateway.edits[-1]
    assert message.message == world.call
    body = notice(translator, "en", post.content)["body"]
    assert len(body.split("\n")) == 1 + len(post.content.lines)  # the title, then each line of the call
    assert f"   – {SHOWN}" in body.split("\n")
    assert not [line for line in body.splitlines() if line.startswith("✔")]
    assert await shown_name(world) == SHOWN


async def test_a_name_asked_of_the_platform_for_a_reaction_is_made_one_line(world: World) -> None:
    """A reaction by someone first seen, named by the platform when asked: the stored name is one line."""
    change = ReactionChange(world.call, Speaker(MALLORY), "✅", added=True)
    await world.core.inbound.reactions("fake", world.community, [change])
    assert await shown_name(world) == SHOWN


async def test_a_name_met_reading_back_the_reactions_is_made_one_line(world: World) -> None:
    """Reading back a call after a lost session finds Mallory's reaction: the stored name is one line."""
    world.gateway.reaction_state[world.call] = {"✅": frozenset({MALLORY})}
    world.core.inbound.events_lost("fake")
    await world.core.reconciled()
    assert await shown_name(world) == SHOWN


async def test_a_name_with_nothing_to_show_is_the_platform_id(world: World) -> None:
    """A name made only of invisible and direction characters leaves the user's id to show."""
    await world.core.inbound.member("fake", world.community, Speaker(MALLORY, "\u202e\u200b\u2028"))
    assert await shown_name(world) == MALLORY
