"""Reactions in a burst: queued in arrival order, committed in batches, never dropped, members cached correctly."""

from __future__ import annotations

import asyncio
from datetime import time

import pytest
import sqlalchemy.exc
from sqlalchemy import select

from bot.bootstrap import Core
from bot.domain.models import Account, Community, Member
from bot.services.meetings import SeriesRequest
from bot.storage.group_commit import MAX_BATCH
from bot.storage.schema import identities, rsvps
from tests.fakes import FakeGateway

EMOJI = {"yes": "✅", "maybe": "🤔", "no": "❌"}


async def _call(core: Core) -> tuple[Community, str, int]:
    """A community on the fake platform with a weekly meeting whose call is out: (community, call, occurrence)."""
    services = core.services
    community = await services.communities.ensure_community(
        "fake", "guild", name="Net", timezone="Europe/Stockholm", locale="en"
    )
    anna = await services.communities.ensure_member(community, "fake", "anna", display_name="Anna", admin=True)
    gateway = FakeGateway()

    core.add_gateway(gateway)
    central = await services.sections.get(community, "central")
    await services.meetings.schedule(
        community, central, anna, SeriesRequest(rule="weekly tue", at=time(18), duration_minutes=90)
    )
    await core.worker.tick()
    (call,) = [str(index + 1) for index, (_, post, _) in enumerate(gateway.sent) if ":call:" in post.marker]
    details = await services.meetings.next_occurrence(central)
    return community, call, details.occurrence.id


async def _stored(core: Core, occurrence_id: int) -> dict[str, str]:
    """Answers by account id."""
    query = (
        select(identities.c.external_id, rsvps.c.answer)
        .join(rsvps, rsvps.c.member_id == identities.c.member_id)
        .where(rsvps.c.occurrence_id == occurrence_id)
    )
    async with core.database.transaction() as conn:
        return {str(account): str(answer) for account, answer in await conn.execute(query)}


def _account(community: Community, user: str) -> Account:
    return Account(community.id, "fake", user, user.title())


async def test_a_burst_on_a_busy_connection_is_stored_whole_in_order_and_in_few_commits(core: Core) -> None:
    """3,000 reactions queued while the one connection is held: all stored, last per member wins, batched."""
    community, call, occurrence_id = await _call(core)
    steps = [("yes", True), ("no", True), ("maybe", True), ("maybe", False), ("no", True), ("yes", True)]
    users = [f"u{number}" for number in range(500)]
    rsvp = core.services.rsvps
    commits_before = rsvp.reactions.commits
    held, release = asyncio.Event(), asyncio.Event()

    async def hold_the_connection() -> None:
        async with core.store.transaction():
            held.set()
            await release.wait()

    holder = asyncio.create_task(hold_the_connection())
    await held.wait()
    # Member by member the steps interleave, so a member's later reaction is queued long after their earlier ones.
    reactions = [
        asyncio.create_task(rsvp.on_reaction("fake", call, _account(community, user), EMOJI[answer], added=added))
        for step, (answer, added) in enumerate(steps)
        for user in users[step % 2 :] + users[: step % 2]
    ]
    release.set()
    await holder
    assert all(await asyncio.gather(*reactions))
    assert await _stored(core, occurrence_id) == dict.fromkeys(users, "yes")
    commits = rsvp.reactions.commits - commits_before
    assert commits <= len(reactions) // MAX_BATCH + 2


async def test_a_removal_after_a_newer_reaction_does_not_clear_it(core: Core) -> None:
    """Queued order is applied order: ✅, then ❌, then taking back the ✅ leaves ❌."""
    community, call, occurrence_id = await _call(core)
    rsvp = core.services.rsvps
    bo = _account(community, "bo")
    await asyncio.gather(
        rsvp.on_reaction("fake", call, bo, "✅", added=True),
        rsvp.on_reaction("fake", call, bo, "❌", added=True),
        rsvp.on_reaction("fake", call, Account(community.id, "fake", "bo", None), "✅", added=False),
    )
    assert await _stored(core, occurrence_id) == {"bo": "no"}


async def test_one_failing_reaction_fails_alone(core: Core) -> None:
    """A write that cannot be stored fails its own caller; the rest of its batch is stored."""
    community, call, occurrence_id = await _call(core)
    rsvp = core.services.rsvps
    ghost = Member(id=999_999, community_id=community.id, display_name="Ghost", is_admin=False)
    results = await asyncio.gather(
        rsvp.on_reaction("fake", call, _account(community, "bo"), "✅", added=True),
        rsvp.on_reaction("fake", call, ghost, "✅", added=True),
        rsvp.on_reaction("fake", call, _account(community, "cleo"), "❌", added=True),
        return_exceptions=True,
    )
    assert results[0] is True
    assert isinstance(results[1], sqlalchemy.exc.IntegrityError)
    assert results[2] is True
    assert await _stored(core, occurrence_id) == {"bo": "yes", "cleo": "no"}


async def test_a_reaction_after_linking_counts_for_the_linked_member(core: Core) -> None:
    """Once two accounts are linked, a reaction from the absorbed account answers for the member kept."""
    community, call, occurrence_id = await _call(core)
    services = core.services
    keep = await services.communities.ensure_member(community, "fake", "bo", display_name="Bo")
    other = await services.communities.ensure_member(community, "other", "@bo", display_name="Bo")
    by_other = Account(community.id, "other", "@bo", "Bo")
    await services.rsvps.on_reaction("fake", call, by_other, "🤔", added=True)  # the account's member is cached now
    code = await services.identities.issue_code(keep, "fake")
    await services.identities.redeem(community, other, "other", code)
    await services.rsvps.on_reaction("fake", call, by_other, "❌", added=True)
    assert await services.communities.member_by_account(community.id, "other", "@bo") == keep
    assert await _stored(core, occurrence_id) == {"bo": "no", "@bo": "no"}


async def test_a_reaction_after_unlinking_counts_for_the_split_off_member(core: Core) -> None:
    """An account split off answers for its new member, not for the one it left."""
    community, call, occurrence_id = await _call(core)
    services = core.services
    keep = await services.communities.ensure_member(community, "fake", "bo", display_name="Bo")
    other = await services.communities.ensure_member(community, "other", "@bo", display_name="Bo")
    await services.identities.redeem(community, other, "other", await services.identities.issue_code(keep, "fake"))
    by_other = Account(community.id, "other", "@bo", "Bo")
    await services.rsvps.on_reaction("fake", call, by_other, "✅", added=True)
    split = await services.identities.unlink(community, keep, "other")
    await services.rsvps.on_reaction("fake", call, by_other, "❌", added=True)
    assert (await services.communities.member_by_account(community.id, "other", "@bo")) == split
    assert await _stored(core, occurrence_id) == {"bo": "yes", "@bo": "no"}


async def test_a_new_display_name_is_stored(core: Core) -> None:
    """A known account reacting under a new name renames its member (the cache does not hide the change)."""
    community, call, _ = await _call(core)
    services = core.services
    await services.rsvps.on_reaction("fake", call, Account(community.id, "fake", "bo", "Bo"), "✅", added=True)
    await services.rsvps.on_reaction("fake", call, Account(community.id, "fake", "bo", "Bosse"), "✅", added=True)
    found = await services.communities.member_by_account(community.id, "fake", "bo")
    assert found is not None
    assert found.display_name == "Bosse"


async def test_reactions_are_refused_once_closed(core: Core) -> None:
    """Closing stores what is queued and refuses what comes after."""
    community, call, occurrence_id = await _call(core)
    rsvp = core.services.rsvps
    queued = asyncio.create_task(rsvp.on_reaction("fake", call, _account(community, "bo"), "✅", added=True))
    await asyncio.sleep(0)  # let it queue
    await rsvp.close()
    assert await queued is True
    assert await _stored(core, occurrence_id) == {"bo": "yes"}
    with pytest.raises(RuntimeError):
        await rsvp.on_reaction("fake", call, _account(community, "cleo"), "✅", added=True)


async def test_a_burst_on_a_meeting_with_few_places_fills_them_in_order_and_promotes_from_the_waitlist(
    core: Core,
) -> None:
    """Two places, four yeses in one batch: the first two get them; one taking back their yes lets the third in."""
    services = core.services
    community = await services.communities.ensure_community(
        "fake", "guild", name="Net", timezone="Europe/Stockholm", locale="en"
    )
    anna = await services.communities.ensure_member(community, "fake", "anna", display_name="Anna", admin=True)
    gateway = FakeGateway()

    core.add_gateway(gateway)
    central = await services.sections.get(community, "central")
    await services.meetings.schedule(
        community, central, anna, SeriesRequest(rule="weekly tue", at=time(18), duration_minutes=90, capacity=2)
    )
    await core.worker.tick()
    (call,) = [str(index + 1) for index, (_, post, _) in enumerate(gateway.sent) if ":call:" in post.marker]
    occurrence_id = (await services.meetings.next_occurrence(central)).occurrence.id
    users = ["bo", "cy", "di", "ed"]
    await asyncio.gather(
        *(services.rsvps.on_reaction("fake", call, _account(community, user), "✅", added=True) for user in users)
    )

    async def waitlisted() -> dict[str, bool]:
        query = (
            select(identities.c.external_id, rsvps.c.waitlisted)
            .join(rsvps, rsvps.c.member_id == identities.c.member_id)
            .where(rsvps.c.occurrence_id == occurrence_id)
        )
        async with core.database.transaction() as conn:
            return {str(account): bool(flag) for account, flag in await conn.execute(query)}

    assert await waitlisted() == {"bo": False, "cy": False, "di": True, "ed": True}
    # Bo takes back the yes and Ed changes to maybe, in one batch: Di gets the place.
    await asyncio.gather(
        services.rsvps.on_reaction("fake", call, _account(community, "bo"), "✅", added=False),
        services.rsvps.on_reaction("fake", call, _account(community, "ed"), "🤔", added=True),
    )
    assert await waitlisted() == {"cy": False, "di": False, "ed": False}
    assert await _stored(core, occurrence_id) == {"cy": "yes", "di": "yes", "ed": "maybe"}
