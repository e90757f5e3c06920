"""Linking a person's accounts on two platforms into one member, and splitting them again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bootstrap import Core
from bot.clock import SimulatedClock
from bot.domain.meetings import Answer
from bot.domain.models import Community, Member, Role, SectionKind
from bot.domain.when import parse_time
from bot.errors import UserError
from bot.services.meetings import SeriesRequest
from bot.storage.repositories import members as members_repo
from bot.storage.repositories import rsvps as rsvps_repo


@pytest.fixture
async def people(core: Core) -> tuple[Community, Member, Member, Member]:
    """Anna (admin), and one person with a Discord account and a Matrix account, not yet linked."""
    services = core.services
    community = await services.communities.ensure_community(
        "discord", "guild", name="Both", timezone="Europe/Stockholm", locale="en", shared=True
    )
    await services.communities.ensure_community(
        "matrix", "!space", name="Both", timezone="Europe/Stockholm", locale="en", shared=True
    )
    anna = await services.communities.ensure_member(community, "discord", "1", display_name="Anna", admin=True)
    on_discord = await services.communities.ensure_member(community, "discord", "2", display_name="Bo")
    on_matrix = await services.communities.ensure_member(community, "matrix", "@bo:hs", display_name="Bo M")
    return community, anna, on_discord, on_matrix


async def test_a_shared_guild_and_space_are_one_community(
    core: Core, people: tuple[Community, Member, Member, Member]
) -> None:
    """The configured guild and the Matrix space are one community, on two platforms."""
    community, *_ = people
    found = await core.services.communities.by_binding("matrix", "!space")
    assert found is not None
    assert found.id == community.id
    assert await core.services.communities.binding(community.id, "discord") == "guild"


async def test_link_makes_one_member_with_both_accounts(
    core: Core, people: tuple[Community, Member, Member, Member]
) -> None:
    """A code from Discord entered on Matrix joins the accounts; sections and profile follow."""
    community, anna, on_discord, on_matrix = people
    await core.services.sections.propose(community, anna, name="Shiatsu", kind=SectionKind.PROFESSION)
    await core.services.sections.join(community, on_matrix, "shiatsu")
    code = await core.services.identities.issue_code(on_discord, "discord")
    merged = await core.services.identities.redeem(community, on_matrix, "matrix", code)
    assert merged.id == on_discord.id
    assert (await core.services.communities.member_by_account(community.id, "matrix", "@bo:hs")).id == on_discord.id  # type: ignore[union-attr]
    section = await core.services.sections.get(community, "shiatsu")
    assert await core.services.sections.role_in(section, merged) is Role.MEMBER
    async with core.store.transaction() as tx:
        assert await members_repo.by_identity(tx.conn, community.id, "matrix", "@bo:hs") is not None


@pytest.mark.parametrize("problem", ["wrong", "expired", "reused", "same-account", "same-platform"])
async def test_bad_codes_are_refused_and_change_nothing(
    core: Core, clock: SimulatedClock, people: tuple[Community, Member, Member, Member], problem: str
) -> None:
    """A wrong, expired or reused code (or one typed on the wrong account) is refused; nothing changes."""
    community, anna, on_discord, on_matrix = people
    code = await core.services.identities.issue_code(on_discord, "discord")
    typed, typist, platform = code, on_matrix, "matrix"
    if problem == "wrong":
        typed = "WRONGCODE"
    elif problem == "expired":
        clock.advance(timedelta(minutes=10, seconds=1))
    elif problem == "reused":
        await core.services.identities.redeem(community, on_matrix, "matrix", code)
        typist = await core.services.communities.ensure_member(community, "matrix", "@cid:hs", display_name="Cid")
    elif problem == "same-account":
        typist, platform = on_discord, "discord"
    elif problem == "same-platform":
        typist = anna
        platform = "discord"
    async with core.store.transaction() as tx:
        before = await members_repo.count(tx.conn, community.id)
    with pytest.raises(UserError) as refusal:
        await core.services.identities.redeem(community, typist, platform, typed)
    expected = {
        "wrong": "error-link-code-unknown",
        "expired": "error-link-code-expired",
        "reused": "error-link-code-unknown",
        "same-account": "error-link-same-account",
        "same-platform": "error-link-same-platform",
    }
    assert refusal.value.key == expected[problem]
    async with core.store.transaction() as tx:
        assert await members_repo.count(tx.conn, community.id) == before


async def test_linked_answers_keep_the_later_one(
    core: Core, clock: SimulatedClock, people: tuple[Community, Member, Member, Member]
) -> None:
    """Each account answered the same meeting: after linking there is one answer, the later one."""
    community, anna, on_discord, on_matrix = people
    central = await core.services.sections.get(community, "central")
    await core.services.meetings.schedule(
        community, central, anna, SeriesRequest(rule="weekly tue", at=parse_time("18:00"))
    )
    details = await core.services.meetings.next_occurrence(central)
    await core.services.rsvps.answer(details.occurrence.id, on_discord, Answer.YES, source="command")
    clock.advance(timedelta(minutes=1))
    await core.services.rsvps.answer(details.occurrence.id, on_matrix, Answer.MAYBE, source="command")
    code = await core.services.identities.issue_code(on_discord, "discord")
    merged = await core.services.identities.redeem(community, on_matrix, "matrix", code)
    async with core.store.transaction() as tx:
        answers = await rsvps_repo.of_occurrence(tx.conn, details.occurrence.id)
    assert [(a.member_id, a.answer) for a in answers] == [(merged.id, Answer.MAYBE)]


async def test_unlink_splits_without_losing_history(
    core: Core, people: tuple[Community, Member, Member, Member]
) -> None:
    """Unlinking gives the account a member of its own again; the answers stay where they were."""
    community, _anna, on_discord, on_matrix = people
    code = await core.services.identities.issue_code(on_discord, "discord")
    merged = await core.services.identities.redeem(community, on_matrix, "matrix", code)
    split = await core.services.identities.unlink(community, merged, "matrix")
    assert split.id != merged.id
    assert (await core.services.communities.member_by_account(community.id, "matrix", "@bo:hs")).id == split.id  # type: ignore[union-attr]
    assert (await core.services.communities.member_by_account(community.id, "discord", "2")).id == merged.id  # type: ignore[union-attr]
    with pytest.raises(UserError) as refusal:
        await core.services.identities.unlink(community, split, "matrix")
    assert refusal.value.key == "error-unlink-last"


async def test_direct_reminders_go_to_the_platform_where_they_were_asked_for(
    core: Core, people: tuple[Community, Member, Member, Member]
) -> None:
    """A linked person gets direct messages on their first platform until they ask for them on the other."""
    from bot.commands.context import CommandContext
    from bot.commands.dispatcher import dispatch
    from bot.commands.grammar import parse

    community, _, on_discord, on_matrix = people
    code = await core.services.identities.issue_code(on_discord, "discord")
    bo = await core.services.identities.redeem(community, on_matrix, "matrix", code)

    async def reminders_dm(platform: str) -> str:
        ctx = CommandContext(services=core.services, community=community, member=bo, platform=platform, prefix="!")
        answer = await dispatch(ctx, parse(core.services.registry, "!reminders dm", "!"))
        return core.services.translator.format("en", "reminders-set", answer.lines[0].args)

    async def direct_platform() -> str | None:
        async with core.store.transaction() as tx:
            return await members_repo.preferred_platform(tx.conn, bo.id)

    assert await direct_platform() == "discord"
    assert await reminders_dm("matrix") == "Meeting reminders: as a direct message on matrix."
    assert await direct_platform() == "matrix"
    assert await reminders_dm("discord") == "Meeting reminders: as a direct message on discord."
    assert await direct_platform() == "discord"
    # Split off the chosen platform's account: direct messages fall back to what is left.
    await reminders_dm("matrix")
    await core.services.identities.unlink(community, bo, "matrix")
    assert await direct_platform() == "discord"
