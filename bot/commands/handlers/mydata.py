"""``mydata export|erase`` and ``member erase``: what is stored about a member, for them to take or to erase."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import Member, Permission
from bot.replies import Attachment, Listing, Msg, Reply, msg, reply, success
from bot.services.personal_data import Export, table_counts


def _summary(ctx: CommandContext, export: Export, filename: str) -> list[Msg]:
    accounts = Listing(tuple(f"{row['platform']} {row['external_id']}" for row in export.tables["identities"]))
    lines = [msg("mydata-name", name=export.member.display_name), msg("mydata-accounts", accounts=accounts)]
    if export.section_slugs:
        lines.append(msg("mydata-sections", sections=Listing(tuple(export.section_slugs))))
    lines.extend(
        msg("mydata-rows", what=msg(f"mydata-table-{table}"), count=count)
        for table, count in table_counts(export).items()
        if count and table != "members"
    )
    lines.append(msg("mydata-file", file=filename))
    lines.append(msg("mydata-erase-hint", prefix=ctx.prefix))
    return lines


async def export(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    exported = await ctx.services.personal_data.export(ctx.community, ctx.member)
    day = ctx.services.clock.now().date().isoformat()
    filename = f"netgroups-my-data-{day}.json"
    return reply(
        *_summary(ctx, exported, filename),
        title=msg("mydata-title", community=ctx.community.name),
        private=True,
        attachments=(Attachment(filename, "application/json", exported.document),),
    )


async def _erase(ctx: CommandContext, member: Member, confirm: str | None, *, asked_by_admin: bool) -> Reply:
    data = ctx.services.personal_data
    if not confirm:
        request = await data.request_erase(member, by=ctx.member)
        key = "member-erase-ask" if asked_by_admin else "mydata-erase-ask"
        return reply(
            msg(key, member=member.display_name, community=ctx.community.name),
            msg(
                "member-erase-confirm-how" if asked_by_admin else "mydata-erase-confirm-how",
                prefix=ctx.prefix,
                member=member.display_name,
                code=request.code,
                minutes=request.valid_minutes,
            ),
            private=True,
        )
    await data.erase(ctx.community, member, confirm, by=ctx.member)
    return success(
        msg("member-erased" if asked_by_admin else "mydata-erased", member=member.display_name), private=True
    )


async def erase_mine(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    return await _erase(ctx, ctx.member, values.get("confirm"), asked_by_admin=False)


async def erase_member(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member: Member = values["member"]
    return await _erase(ctx, member, values.get("confirm"), asked_by_admin=member.id != ctx.member.id)


def register(registry: CommandRegistry) -> None:
    confirm = Option("confirm", required=False, max_length=20)
    registry.add(Command(("mydata", "export"), export, ()))
    registry.add(Command(("mydata", "erase"), erase_mine, (confirm,)))
    registry.add(
        Command(("member", "erase"), erase_member, (Option("member", OptionType.MEMBER), confirm), Permission.ADMIN)
    )
