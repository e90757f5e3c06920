"""The inbound seam against a fake platform: answers, private answers posted by the core, reactions in a batch,
and the platform places a membership change queues (never done inside the command)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import Core
from bot.clock import SimulatedClock
from bot.domain.delivery import Delivery, DeliveryState, Kind
from bot.domain.models import Community
from bot.inbound import Invocation, ReactionChange, Speaker
from bot.ports import DeliveryError, DestinationKind
from bot.replies import Listing, msg, reply
from bot.replies_codec import decode_reply, encode_reply
from bot.storage.repositories import outbox
from tests.fakes import FakeGateway
from tests.meetings.helpers import answers

ANNA = Speaker("u-anna", "Anna", admin=True)
BO = Speaker("u-bo", "Bo")


@pytest.fixture
async def world(core: Core) -> tuple[Core, FakeGateway, Community]:
    gateway = FakeGateway()
    core.inbound.declare("fake", welcomes_members=True, mirrors_sections=True)
    community = await core.inbound.community("fake", "guild")
    await core.inbound.attach(gateway)
    return core, gateway, community


def typed(
    community: Community, speaker: Speaker, text: str, *, channel: str = "#central", direct: bool = False
) -> Invocation:
    return Invocation("fake", community, speaker, text, channel=channel, prefix="!", direct=direct)


async def rows(core: Core, kind: Kind) -> list[Delivery]:
    async with core.store.transaction() as tx:
        found = await outbox.all_rows(tx.conn)
    return [row for row in found if row.kind == kind]


async def test_an_answer_is_in_the_members_language(world: tuple[Core, FakeGateway, Community]) -> None:
    """A command's answer comes back neutral, in the language the command just chose."""
    core, _, community = world
    answer = await core.inbound.answer(typed(community, BO, "!language sv"))
    assert answer.locale == "sv"
    assert answer.reply.lines[0].key == "language-set"


async def test_a_private_answer_typed_in_a_shared_channel_goes_to_the_direct_conversation(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """The channel sees only a pointer; the answer goes to the member's direct conversation, opened for it."""
    core, gateway, community = world
    await core.inbound.answer_in_chat(typed(community, BO, "!profile link"), event="$e1")
    (direct, pointer) = gateway.sent[-2:]
    destination, post, _ = direct
    assert destination.kind is DestinationKind.DIRECT
    assert destination.channel == "@u-bo"
    assert post.content.lines[0].key == "link-code"
    assert post.reply_to is None
    destination, post, _ = pointer
    assert destination.channel == "#central"
    assert [line.key for line in post.content.lines] == ["reply-sent-privately"]
    assert post.reply_to == "$e1"
    assert "code" not in str(post.content)


async def test_a_private_answer_typed_in_the_direct_conversation_stays_there(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """Typed where only the member and the bot are, the answer goes right there, and the room is kept as theirs."""
    core, gateway, community = world
    await core.inbound.answer_in_chat(typed(community, BO, "!profile link", channel="!dm-bo", direct=True), event="$e")
    ((destination, post, _),) = [sent for sent in gateway.sent if sent[1].reply_to == "$e"]
    assert destination.channel == "!dm-bo"
    assert post.content.lines[0].key == "link-code"
    assert await core.destinations.direct_channel("fake", (await core.inbound.member("fake", community, BO)).id) == (
        "!dm-bo"
    )


async def test_an_event_handled_again_is_answered_once_and_runs_once(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """A sync handled again after a crash: the command does not run a second time, and there is one answer."""
    core, gateway, community = world
    await core.inbound.answer_in_chat(typed(community, ANNA, "!section create Shiatsu"), event="$create")
    await core.inbound.answer_in_chat(typed(community, ANNA, "!section create Shiatsu"), event="$create")
    answers = [post for _, post, _ in gateway.sent if post.reply_to == "$create"]
    assert len(answers) == 1
    assert answers[0].content.tone.value == "success"


async def test_an_answer_the_platform_refuses_stays_in_the_outbox(
    world: tuple[Core, FakeGateway, Community], clock: SimulatedClock
) -> None:
    """Rate limited when answering: the answer waits in the outbox and goes out with the next round."""
    core, gateway, community = world
    gateway.failures.append(DeliveryError("rate limited", retry_after=1))
    await core.inbound.answer_in_chat(typed(community, BO, "!section list"), event="$list")
    (row,) = await rows(core, Kind.REPLY)
    assert row.state is DeliveryState.PENDING
    clock.set(clock.now() + timedelta(seconds=2))
    await core.worker.tick()
    assert [post.reply_to for _, post, _ in gateway.sent] == ["$list"]


async def test_joining_queues_the_platform_access_and_the_answer_does_not_wait(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """``section join`` answers before any role or invitation; the delivery loop then mirrors it, leaving too."""
    core, gateway, community = world
    await core.inbound.answer(typed(community, ANNA, "!section create Shiatsu"))
    await core.worker.tick()
    gateway.access.clear()
    joined = await core.inbound.answer(typed(community, BO, "!section join shiatsu"))
    assert joined.reply.tone.value == "success"
    assert gateway.access == []  # nothing happened on the platform inside the command
    await core.worker.tick()
    # Bo, first seen, is welcomed into the community and its central group, then let into the section.
    assert gateway.access == [("guild", "u-bo", True), ("#central", "u-bo", True), ("#shiatsu", "u-bo", True)]
    await core.inbound.answer(typed(community, BO, "!section leave shiatsu"))
    await core.worker.tick()
    assert gateway.access[-1] == ("#shiatsu", "u-bo", False)


async def test_a_first_sighting_is_welcomed_only_where_the_platform_says_so(core: Core) -> None:
    """A member first seen is let into the community's place (a Matrix space) on platforms that have one."""
    welcoming, plain = FakeGateway(platform="welcoming"), FakeGateway(platform="plain")
    core.inbound.declare("welcoming", welcomes_members=True, mirrors_sections=True)
    core.inbound.declare("plain", welcomes_members=False, mirrors_sections=True)
    for gateway in (welcoming, plain):
        community = await core.inbound.community(gateway.platform, f"place-{gateway.platform}")
        await core.inbound.attach(gateway)
        await core.inbound.member(gateway.platform, community, BO)
    await core.worker.tick()
    assert welcoming.access == [("place-welcoming", "u-bo", True), ("#central", "u-bo", True)]
    assert plain.access == []


async def test_reactions_in_one_batch_are_applied_in_order(world: tuple[Core, FakeGateway, Community]) -> None:
    """Of two reactions by one member in a batch, the later wins; a stranger is named by the platform."""
    core, gateway, community = world
    await core.inbound.answer(typed(community, ANNA, "!section create Shiatsu"))
    await core.worker.tick()  # the section's channel is made
    await core.inbound.answer(typed(community, ANNA, '!meeting schedule "weekly tue" 18:00 90 Hus', channel="#shiatsu"))
    await core.worker.tick()
    call = next(str(index + 1) for index, (_, post, _) in enumerate(gateway.sent) if ":call:" in post.marker)
    await core.inbound.reactions(
        "fake",
        community,
        [
            ReactionChange(call, BO, "✅", True),
            ReactionChange(call, BO, "❌", True),
            ReactionChange(call, Speaker("u-cleo"), "🤔", True),
        ],
    )
    (row,) = [row for row in await rows(core, Kind.CALL) if row.external_message == call]
    assert row.occurrence_id is not None
    assert await answers(core, row.occurrence_id) == {"Bo": "no", "u-cleo": "maybe"}


def test_queued_replies_keep_every_kind_of_value() -> None:
    """Replies queued for the core to post keep messages, lists, dates and numbers exactly."""
    original = reply(
        msg("x", when=datetime(2026, 3, 3, 17, 0, tzinfo=UTC), day=datetime(2026, 3, 3, tzinfo=UTC).date(), n=3),
        msg("y", names=Listing(("Anna", msg("nobody"))), inner=msg("z", text="<b>")),
        title=msg("t"),
        private=True,
    )
    assert decode_reply(encode_reply(original)) == original


async def test_a_sections_room_with_one_member_is_still_not_their_direct_conversation(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """Bo alone with the bot in #shiatsu's room: others may join it later, so his code goes to a direct one."""
    core, gateway, community = world
    await core.inbound.answer(typed(community, ANNA, "!section create Shiatsu"))
    await core.worker.tick()  # the section's channel is made
    await core.inbound.answer_in_chat(
        typed(community, BO, "!profile link", channel="#shiatsu", direct=True), event="$alone"
    )
    (private, pointer) = gateway.sent[-2:]
    assert private[0].channel == "@u-bo"
    assert pointer[0].channel == "#shiatsu"
    assert [line.key for line in pointer[1].content.lines] == ["reply-sent-privately"]
