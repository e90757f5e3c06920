"""Who moderates, against a fake platform that mirrors it: the core decides (an outbox row
per change, never done inside the command) and the gateway is asked for the state as the database has it."""

from __future__ import annotations

import pytest

from bot.bootstrap import Core
from bot.domain.delivery import Delivery, Kind
from bot.domain.models import Community
from bot.inbound import Answer, Invocation, Speaker
from bot.storage.repositories import outbox
from tests.fakes import FakeGateway

ANNA = Speaker("u-anna", "Anna", admin=True)
BO = Speaker("u-bo", "Bo")
CLEO = Speaker("u-cleo", "Cleo")

World = tuple[Core, FakeGateway, Community]


@pytest.fixture
async def world(core: Core) -> World:
    """#shiatsu opened by Anna (an admin, its coordinator), Bo and Cleo in it, everything delivered."""
    gateway = FakeGateway()
    core.inbound.declare("fake", welcomes_members=True, mirrors_sections=True, mirrors_moderation=True)
    community = await core.inbound.community("fake", "guild")
    await core.inbound.attach(gateway)
    await say(core, community, ANNA, "!section create Shiatsu")
    await say(core, community, BO, "!section join shiatsu")
    await say(core, community, CLEO, "!section join shiatsu")
    await core.worker.tick()
    return core, gateway, community


async def say(core: Core, community: Community, speaker: Speaker, text: str) -> Answer:
    answer = await core.inbound.answer(Invocation("fake", community, speaker, text, channel="#central", prefix="!"))
    assert answer.reply.tone.value == "success", answer.reply
    return answer


async def rows(core: Core, kind: Kind) -> list[Delivery]:
    async with core.store.transaction() as tx:
        return [row for row in await outbox.all_rows(tx.conn) if row.kind == kind]


async def test_the_proposer_of_a_section_moderates_its_channel_and_the_admin_the_community(world: World) -> None:
    """Anna, an admin, moderates the community's place; opening #shiatsu made her its coordinator there too."""
    _, gateway, _ = world
    assert ("guild", "u-anna", True) in gateway.moderation
    assert ("#shiatsu", "u-anna", True) in gateway.moderation
    assert [entry for entry in gateway.moderation if entry[1] != "u-anna"] == []


async def test_a_coordinator_added_and_removed_moderates_and_stops(world: World) -> None:
    """Never inside the command: the change goes out from the outbox, as the database has it then."""
    core, gateway, community = world
    gateway.moderation.clear()
    await say(core, community, ANNA, "!section coordinator add shiatsu Bo")
    assert gateway.moderation == []
    await core.worker.tick()
    assert gateway.moderation == [("#shiatsu", "u-bo", True)]
    await say(core, community, ANNA, "!section coordinator remove shiatsu Bo")
    await core.worker.tick()
    assert gateway.moderation == [("#shiatsu", "u-bo", True), ("#shiatsu", "u-bo", False)]


async def test_added_and_removed_before_delivery_ends_as_removed(world: World) -> None:
    """Two changes queued before either goes out: both ask for the last state, whatever their order."""
    core, gateway, community = world
    gateway.moderation.clear()
    await say(core, community, ANNA, "!section coordinator add shiatsu Cleo")
    await say(core, community, ANNA, "!section coordinator remove shiatsu Cleo")
    await core.worker.tick()
    assert gateway.moderation == [("#shiatsu", "u-cleo", False), ("#shiatsu", "u-cleo", False)]


async def test_a_coordinator_who_leaves_stops_moderating(world: World) -> None:
    core, gateway, community = world
    await say(core, community, ANNA, "!section coordinator add shiatsu Bo")
    await core.worker.tick()
    await say(core, community, BO, "!section leave shiatsu")
    await core.worker.tick()
    assert gateway.moderation[-1] == ("#shiatsu", "u-bo", False)
    assert ("#shiatsu", "u-bo", False) in gateway.access


async def test_a_platform_that_mirrors_no_moderation_is_asked_nothing(core: Core) -> None:
    """The console's case: nothing is queued for it at all (its gateway's methods are no-ops besides)."""
    gateway = FakeGateway(platform="plain")
    core.inbound.declare("plain", welcomes_members=False, mirrors_sections=True)
    community = await core.inbound.community("plain", "guild")
    await core.inbound.attach(gateway)
    invocation = Invocation("plain", community, ANNA, "!section create Shiatsu", channel="#central", prefix="!")
    await core.inbound.answer(invocation)
    await core.inbound.answer(
        Invocation("plain", community, ANNA, "!section archive shiatsu", channel="#c", prefix="!")
    )
    await core.worker.tick()
    assert await rows(core, Kind.MODERATION) == []
    assert await rows(core, Kind.ARCHIVE) == []
    assert gateway.moderation == gateway.archived == []
