"""A sensitive section's place made private on a fake platform that mirrors it: made so from the start when the
section is sensitive from the start, switched through the outbox (never inside the command) when ``section
sensitive`` changes, as the database has it when the delivery goes out; the built-in sections' places never."""

from __future__ import annotations

import pytest

from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.domain.delivery import Delivery, DeliveryState, Kind
from bot.domain.models import Community
from bot.i18n import Translator
from bot.inbound import Answer, Invocation, Speaker
from bot.settings import Settings
from bot.storage.repositories import outbox
from tests.fakes import FakeGateway

ANNA = Speaker("u-anna", "Anna", admin=True)
BO = Speaker("u-bo", "Bo")

World = tuple[Core, FakeGateway, Community]


async def attach(core: Core, *, mirrors: bool = True, platform: str = "fake") -> tuple[FakeGateway, Community]:
    gateway = FakeGateway(platform=platform)
    core.inbound.declare(platform, welcomes_members=True, mirrors_sections=True, mirrors_moderation=mirrors)
    community = await core.inbound.community(platform, "guild")
    await core.inbound.attach(gateway)
    return gateway, community


@pytest.fixture
async def world(core: Core) -> World:
    """#shiatsu opened by Anna (an admin), Bo in it, everything delivered."""
    gateway, community = await attach(core)
    await say(core, community, ANNA, "!section create Shiatsu")
    await say(core, community, BO, "!section join shiatsu")
    await core.worker.tick()
    return core, gateway, community


async def say(core: Core, community: Community, speaker: Speaker, text: str, *, platform: str = "fake") -> Answer:
    answer = await core.inbound.answer(Invocation(platform, community, speaker, text, channel="#c", prefix="!"))
    assert answer.reply.tone.value == "success", answer.reply
    return answer


async def rows(core: Core) -> list[Delivery]:
    async with core.store.transaction() as tx:
        return [row for row in await outbox.all_rows(tx.conn) if row.kind == Kind.PRIVACY]


async def test_a_section_marked_sensitive_gets_a_private_channel_from_the_outbox(world: World) -> None:
    core, gateway, community = world
    assert [place.sensitive for place in gateway.opened if place.slug == "shiatsu"] == [False]
    await say(core, community, ANNA, "!section sensitive shiatsu yes")
    assert gateway.privacy == []  # never inside the command
    await core.worker.tick()
    assert gateway.privacy == [("#shiatsu", "role-shiatsu", True)]
    (row,) = await rows(core)
    assert row.state is DeliveryState.SENT
    assert ":privacy:section:" in row.dedupe_key


async def test_switched_back_the_channel_is_a_normal_sections_again(world: World) -> None:
    core, gateway, community = world
    await say(core, community, ANNA, "!section sensitive shiatsu yes")
    await core.worker.tick()
    await say(core, community, ANNA, "!section sensitive shiatsu no")
    await core.worker.tick()
    assert gateway.privacy == [("#shiatsu", "role-shiatsu", True), ("#shiatsu", "role-shiatsu", False)]


async def test_switched_on_and_off_before_delivery_ends_as_the_last_switch(world: World) -> None:
    """Both deliveries ask for the state as the database has it when they go out, whatever their order."""
    core, gateway, community = world
    await say(core, community, ANNA, "!section sensitive shiatsu yes")
    await say(core, community, ANNA, "!section sensitive shiatsu no")
    await core.worker.tick()
    assert gateway.privacy == [("#shiatsu", "role-shiatsu", False)] * 2


async def test_unarchiving_a_sensitive_section_makes_its_channel_private_again_for_its_new_role(world: World) -> None:
    """Restoring gives a channel a normal section's access and (Discord) a new role: that role sees it, no one else."""
    core, gateway, community = world
    await say(core, community, ANNA, "!section sensitive shiatsu yes")
    await say(core, community, ANNA, "!section archive shiatsu")
    await core.worker.tick()
    gateway.privacy.clear()
    await say(core, community, ANNA, "!section unarchive shiatsu")
    await core.worker.tick()
    assert gateway.privacy == [("#shiatsu", "role-shiatsu-2", True)]


async def test_a_section_sensitive_from_the_start_is_made_private_and_the_central_group_never(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> None:
    """With ``[sections] sensitive`` a new section's channel is made private at once (no switch needed); the central
    group and the coordinators' section, which everyone (every coordinator) is in, keep normal places."""
    settings.sections.sensitive = True
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    try:
        gateway, community = await attach(core)
        await say(core, community, ANNA, "!section create Union")
        await core.worker.tick()
        opened = {place.slug: place.sensitive for place in gateway.opened}
        assert opened == {"central": False, "coordinators": False, "union": True}
        assert gateway.privacy == []
        assert await rows(core) == []
    finally:
        await core.close()


async def test_turning_the_community_setting_on_makes_the_existing_sections_places_private(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> None:
    """At the next start: one delivery per section that was not sensitive (not for the built-in ones)."""
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    gateway, community = await attach(core)
    await say(core, community, ANNA, "!section create Shiatsu")
    await core.worker.tick()
    await core.close()

    settings.sections.sensitive = True
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    try:
        gateway, community = await attach(core)
        await core.worker.tick()
        assert gateway.privacy == [("#shiatsu", "role-shiatsu", True)]
    finally:
        await core.close()


async def test_a_platform_that_mirrors_no_access_to_places_is_asked_nothing(core: Core) -> None:
    """The console's case: nothing is queued for it."""
    gateway, community = await attach(core, mirrors=False, platform="plain")
    await say(core, community, ANNA, "!section create Shiatsu", platform="plain")
    await say(core, community, ANNA, "!section sensitive shiatsu yes", platform="plain")
    await core.worker.tick()
    assert await rows(core) == []
    assert gateway.privacy == []
