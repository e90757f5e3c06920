"""``memo post|list|show|search`` and ``section needs``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.scope import DATE_LAST, SECTION_LAST, coordinated, section_of
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.meetings import Memo
from bot.domain.text import quote_bot_lines
from bot.replies import Msg, Reply, msg, reply, success
from bot.services.memos import MAX_MEMO


async def post(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    """Attach the memo to the meeting on ``date``, or to the latest one that has started."""
    section = await section_of(ctx, values)
    occurrence_id = None
    if values.get("date"):
        occurrence_id = (await ctx.services.meetings.occurrence_on(section, values["date"])).occurrence.id
    else:
        occurrence_id = await ctx.services.meetings.latest_started(section)
    memo = await ctx.services.memos.post(section, ctx.member, values["text"], occurrence_id)
    return success(msg("memo-posted", id=memo.id, section=section.slug))


def _memo_line(memo: Memo, slugs: dict[int, str]) -> Msg:
    first_line = memo.body.splitlines()[0] if memo.body else ""
    return msg(
        "memo-line",
        id=memo.id,
        section=slugs.get(memo.section_id, "?"),
        date=memo.posted_at.date(),
        text=first_line[:80],
    )


async def _sections(ctx: CommandContext) -> dict[int, str]:
    return {
        section.id: section.slug
        for section, _ in await ctx.services.sections.overview(ctx.community, include_proposed=False)
    }


async def list_memos(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    slugs = await _sections(ctx)
    ids = list(slugs)
    if values.get("section"):
        ids = [(await section_of(ctx, values)).id]
    found = await ctx.services.memos.recent(ids)
    if not found:
        return reply(msg("memo-none"))
    return reply(*(_memo_line(memo, slugs) for memo in found), title=msg("memo-list-title", count=len(found)))


async def show(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    slugs = await _sections(ctx)
    memo = await ctx.services.memos.get(values["id"], list(slugs))
    author = await ctx.services.memos.author_name(memo)
    return reply(
        msg("memo-by", author=author if author is not None else msg("memo-former-member")),
        msg("memo-body", text=quote_bot_lines(memo.body)),
        title=msg("memo-show-title", id=memo.id, section=slugs[memo.section_id], date=memo.posted_at.date()),
    )


async def search(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    slugs = await _sections(ctx)
    found = await ctx.services.memos.search(list(slugs), values["query"])
    if not found:
        return reply(msg("memo-search-none", query=values["query"]), private=True)
    return reply(
        *(_memo_line(memo, slugs) for memo in found),
        title=msg("memo-search-title", query=values["query"], count=len(found)),
        private=True,
    )


async def needs(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    topics = await ctx.services.needs.of_section(section)
    if not topics:
        return reply(msg("needs-none", section=section.slug), private=True)
    lines = [msg("needs-line", topic=topic.text, count=topic.count) for topic in topics[:15]]
    return reply(*lines, msg("needs-hint"), title=msg("needs-title", section=section.slug), private=True)


def register(registry: CommandRegistry) -> None:
    registry.add(
        coordinated(
            ("memo", "post"), post, (Option("text", max_length=MAX_MEMO, multiline=True), SECTION_LAST, DATE_LAST)
        )
    )
    registry.add(Command(("memo", "list"), list_memos, (Option("section", OptionType.SECTION, required=False),)))
    registry.add(Command(("memo", "show"), show, (Option("id", OptionType.INTEGER, min_value=1, max_value=10**9),)))
    registry.add(Command(("memo", "search"), search, (Option("query", greedy=True),)))
    registry.add(coordinated(("section", "needs"), needs, (SECTION_LAST,)))
