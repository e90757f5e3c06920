"""The community's first admin, against a fake platform: named by the platform at start or first seen as an admin,
welcomed once in a direct message with the next three steps, in their language, where the platform greets admins."""

from __future__ import annotations

import pytest

from bot.bootstrap import Core
from bot.domain.models import Community
from bot.inbound import Invocation, Speaker
from bot.ports import DestinationKind
from tests.fakes import FakeGateway

STEPS = [
    "welcome-admin-intro",
    "welcome-admin-step-section",
    "welcome-admin-step-meeting",
    "welcome-admin-step-members",
    "welcome-admin-more",
]


@pytest.fixture
async def world(core: Core) -> tuple[Core, FakeGateway, Community]:
    gateway = FakeGateway()
    core.inbound.declare("fake", welcomes_members=False, mirrors_sections=False, greets_first_admin=True)
    community = await core.inbound.community("fake", "guild", name="Nätverket")
    await core.inbound.attach(gateway)
    return core, gateway, community


def welcomes(gateway: FakeGateway) -> list[tuple[str, list[str]]]:
    """(direct channel, catalog keys) of each welcome the platform was given."""
    return [
        (destination.channel, [line.key for line in post.content.lines])
        for destination, post, _ in gateway.sent
        if destination.kind is DestinationKind.DIRECT and post.content.title is not None
        if post.content.title.key == "welcome-admin-title"
    ]


async def test_the_first_admin_the_platform_names_at_start_is_a_member_and_is_welcomed(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """Named before typing anything (a guild's owner), they are an admin at once and get the next steps privately."""
    core, gateway, community = world
    await core.inbound.first_admins("fake", community, ["u-owner", "u-creator"])
    await core.worker.tick()

    assert welcomes(gateway) == [("@u-owner", STEPS)]
    for user in ("u-owner", "u-creator"):
        member = await core.services.communities.member_by_account(community.id, "fake", user)
        assert member is not None
        assert member.is_admin
    (post,) = [post for _, post, _ in gateway.sent]
    assert post.content.title is not None
    assert post.content.title.args["community"] == "Nätverket"
    assert post.content.lines[3].args["platform"] == "fake"
    assert post.content.private


async def test_a_community_with_an_admin_takes_no_admin_from_the_platform_at_start(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """Once the community has an admin, the platform's list at a later start changes nothing and welcomes nobody."""
    core, gateway, community = world
    await core.inbound.first_admins("fake", community, ["u-owner"])
    await core.inbound.first_admins("fake", community, ["u-someone-else"])
    await core.worker.tick()

    assert [channel for channel, _ in welcomes(gateway)] == ["@u-owner"]
    assert await core.services.communities.member_by_account(community.id, "fake", "u-someone-else") is None


async def test_the_first_member_seen_as_an_admin_is_welcomed_once_and_later_admins_are_not(
    world: tuple[Core, FakeGateway, Community],
) -> None:
    """A member who is an admin by the platform's rights (first seen so, or granted them later): the first is
    welcomed, in their own language; the next admin is not."""
    core, gateway, community = world
    await core.inbound.answer(Invocation("fake", community, Speaker("u-bo", "Bo"), "!language sv", prefix="!"))
    await core.inbound.answer(Invocation("fake", community, Speaker("u-bo", "Bo", admin=True), "!help", prefix="!"))
    await core.inbound.answer(Invocation("fake", community, Speaker("u-cleo", "Cleo", admin=True), "!help", prefix="!"))
    await core.worker.tick()

    assert welcomes(gateway) == [("@u-bo", STEPS)]
    ((_, post, _),) = [sent for sent in gateway.sent if sent[0].kind is DestinationKind.DIRECT]
    assert post.locale == "sv"


async def test_no_welcome_where_the_platform_does_not_greet_admins(core: Core) -> None:
    """A platform that does not greet admins (the console: its starting user is the admin) gets no welcome."""
    gateway = FakeGateway(platform="plain")
    core.inbound.declare("plain", welcomes_members=False, mirrors_sections=False)
    community = await core.inbound.community("plain", "place")
    await core.inbound.attach(gateway)
    await core.inbound.first_admins("plain", community, ["u-owner"])
    await core.worker.tick()

    member = await core.services.communities.member_by_account(community.id, "plain", "u-owner")
    assert member is not None
    assert member.is_admin
    assert gateway.sent == []
