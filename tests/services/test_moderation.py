"""Who moderates, and archived sections, against a fake platform that mirrors them: the core decides (an outbox row
per change, never done inside the command) and the gateway is asked for the state as the database has it."""

from __future__ import annotations

import pytest

from bot.bootstrap import Core
from bot.domain.delivery import Delivery, DeliveryState, Kind
from bot.domain.models import Community, SectionStatus
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


async def test_archiving_posts_a_notice_then_archives_and_drops_the_role(world: World) -> None:
    """The notice goes while the channel still takes messages; the role the platform deleted is forgotten."""
    core, gateway, community = world
    shiatsu = await core.services.sections.get(community, "shiatsu")
    assert await core.services.sections.binding(shiatsu.id, "fake") == ("#shiatsu", "role-shiatsu")
    sent_before = len(gateway.sent)
    await say(core, community, ANNA, "!section archive shiatsu")
    assert gateway.archived == []
    await core.worker.tick()

    assert gateway.archived == [("#shiatsu", "role-shiatsu", True)]
    notices = [post for destination, post, _ in gateway.sent[sent_before:] if destination.channel == "#shiatsu"]
    assert [post.content.lines[0].key for post in notices] == ["section-archived-notice"]
    assert await core.services.sections.binding(shiatsu.id, "fake") == ("#shiatsu", None)
    (row,) = await rows(core, Kind.ARCHIVE)
    assert row.state is DeliveryState.SENT
    assert ":archive:section:" in row.dedupe_key


async def test_unarchiving_restores_the_channel_gives_its_members_the_new_role_and_says_so(world: World) -> None:
    core, gateway, community = world
    await say(core, community, ANNA, "!section archive shiatsu")
    await core.worker.tick()
    gateway.access.clear()
    sent_before = len(gateway.sent)

    answer = await say(core, community, ANNA, "!section unarchive shiatsu")
    assert answer.reply.lines[0].key == "section-unarchived"
    await core.worker.tick()

    assert gateway.archived[-1] == ("#shiatsu", None, False)
    shiatsu = await core.services.sections.get(community, "shiatsu")
    assert shiatsu.status is SectionStatus.ACTIVE
    channel, role = await core.services.sections.binding(shiatsu.id, "fake") or ("", None)
    assert (channel, role) == ("#shiatsu", "role-shiatsu-2")
    regranted = sorted(entry for entry in gateway.access if entry[0] == "#shiatsu")
    assert regranted == [("#shiatsu", user, True) for user in ("u-anna", "u-bo", "u-cleo")]
    notices = [post for destination, post, _ in gateway.sent[sent_before:] if destination.channel == "#shiatsu"]
    assert [post.content.lines[0].key for post in notices] == ["section-restored-notice"]
    # Anna coordinates it again: back in the coordinators' section.
    info = await core.services.sections.info(
        community, "coordinators", await core.inbound.member("fake", community, ANNA)
    )
    assert info.role is not None


async def test_archived_and_unarchived_before_delivery_says_nothing_and_ends_open(world: World) -> None:
    """The platform is asked for the section's state when each row goes out: open, both times; the only notice is
    the one that is still true."""
    core, gateway, community = world
    sent_before = len(gateway.sent)
    await say(core, community, ANNA, "!section archive shiatsu")
    await say(core, community, ANNA, "!section unarchive shiatsu")
    await core.worker.tick()
    assert [archived for _, _, archived in gateway.archived] == [False, False]
    notices = [post for destination, post, _ in gateway.sent[sent_before:] if destination.channel == "#shiatsu"]
    assert [post.content.lines[0].key for post in notices] == ["section-restored-notice"]


async def test_only_an_admin_unarchives_and_only_an_archived_section(world: World) -> None:
    core, _, community = world
    await say(core, community, ANNA, "!section coordinator add shiatsu Bo")
    refused = await core.inbound.answer(
        Invocation("fake", community, ANNA, "!section unarchive shiatsu", channel="#central", prefix="!")
    )
    assert refused.reply.lines[0].key == "error-section-not-archived"
    await say(core, community, BO, "!section archive shiatsu")
    refused = await core.inbound.answer(
        Invocation("fake", community, BO, "!section unarchive shiatsu", channel="#central", prefix="!")
    )
    assert refused.reply.lines[0].key == "error-permission-admin"
    assert (await core.services.sections.get(community, "shiatsu", include_inactive=True)).status is (
        SectionStatus.ARCHIVED
    )
