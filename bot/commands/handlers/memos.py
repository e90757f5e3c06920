"""``memo post|list|show|search`` and ``section needs``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.scope import DATE_LAST, SECTION_LAST, coordinated, section_of
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.meetings import Memo
from bot.domain.text import quote_bot_lines
from bot.errors import UserError
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
    public = bool(values.get("public"))
    memo = await ctx.services.memos.post(section, ctx.member, values["text"], occurrence_id, public=public)
    posted = msg("memo-posted", id=memo.id, section=section.slug)
    return success(posted, msg("memo-posted-public")) if public else success(posted)


def _memo_line(memo: Memo, slugs: dict[int, str]) -> Msg:
    first_line = memo.body.splitlines()[0] if memo.body else ""
    return msg(
        "memo-line",
        id=memo.id,
        section=slugs.get(memo.section_id, "?"),
        date=memo.posted_at.date(),
        text=first_line[:80],
    )


@dataclass(frozen=True, slots=True)
class _Readable:
    """The sections whose memos the reader may read (a sensitive one only by its members), by id."""

    slugs: dict[int, str]
    sensitive: set[int]

    def private(self, memos: list[Memo]) -> bool:
        """Whether showing these memos must be private: one is from a sensitive section."""
        return any(memo.section_id in self.sensitive for memo in memos)


async def _readable(ctx: CommandContext) -> _Readable:
    mine = set(await ctx.services.sections.ids_of(ctx.member))
    overview = await ctx.services.sections.overview(ctx.community, include_proposed=False)
    shown = [section for section, _ in overview if not section.sensitive or section.id in mine]
    return _Readable({s.id: s.slug for s in shown}, {s.id for s in shown if s.sensitive})


async def list_memos(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    readable = await _readable(ctx)
    ids = list(readable.slugs)
    if values.get("section"):
        section = await section_of(ctx, values)
        if section.id not in readable.slugs:
            raise UserError("error-sensitive-members-only", section=section.slug)
        ids = [section.id]
    found = await ctx.services.memos.recent(ids)
    if not found:
        return reply(msg("memo-none"))
    return reply(
        *(_memo_line(memo, readable.slugs) for memo in found),
        title=msg("memo-list-title", count=len(found)),
        private=readable.private(found),
    )


async def show(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    readable = await _readable(ctx)
    memo = await ctx.services.memos.get(values["id"], list(readable.slugs))
    author = await ctx.services.memos.author_name(memo)
    return reply(
        msg("memo-by", author=author if author is not None else msg("memo-former-member")),
        msg("memo-body", text=quote_bot_lines(memo.body)),
        title=msg("memo-show-title", id=memo.id, section=readable.slugs[memo.section_id], date=memo.posted_at.date()),
        private=readable.private([memo]),
    )


async def search(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    readable = await _readable(ctx)
    found = await ctx.services.memos.search(list(readable.slugs), values["query"])
    if not found:
        return reply(msg("memo-search-none", query=values["query"]), private=True)
    return reply(
        *(_memo_line(memo, readable.slugs) for memo in found),
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
            ("memo", "post"),
            post,
            (
                Option("text", max_length=MAX_MEMO, multiline=True),
                SECTION_LAST,
                DATE_LAST,
                Option("public", OptionType.BOOLEAN, required=False, positional=False),
            ),
        )
    )
    registry.add(Command(("memo", "list"), list_memos, (Option("section", OptionType.SECTION, required=False),)))
    registry.add(Command(("memo", "show"), show, (Option("id", OptionType.INTEGER, min_value=1, max_value=10**9),)))
    registry.add(Command(("memo", "search"), search, (Option("query", greedy=True),)))
    registry.add(coordinated(("section", "needs"), needs, (SECTION_LAST,)))
