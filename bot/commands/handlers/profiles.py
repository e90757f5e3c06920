"""``profile set|show`` and ``language``: a member's presentation and own language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import PROFILE_FIELDS, Member, Profile
from bot.i18n import SUPPORTED_LOCALES
from bot.replies import Msg, Reply, msg, reply, success
from bot.services.identities import LINK_CODE_VALID
from bot.services.profiles import FIELD_LIMITS


def profile_lines(member: Member, profile: Profile) -> list[Msg]:
    lines = [msg(f"profile-field-{name}", text=value) for name, value in profile.fields().items() if value]
    if not lines:
        lines.append(msg("profile-empty", member=member.display_name))
    return lines


async def set_profile(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    changes = {name: values[name] for name in PROFILE_FIELDS if name in values}
    profile = await ctx.services.profiles.update(ctx.member, changes, visible=values.get("visible"))
    visibility = "profile-now-visible" if profile.visible else "profile-now-hidden"
    return success(msg("profile-saved"), msg(visibility, prefix=ctx.prefix), private=True)


async def show(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member: Member = values.get("member", ctx.member)
    profile = await ctx.services.profiles.visible_profile(ctx.member, member)
    lines = profile_lines(member, profile)
    if member.id == ctx.member.id:
        lines.append(msg("profile-now-visible" if profile.visible else "profile-now-hidden", prefix=ctx.prefix))
    return reply(*lines, title=msg("profile-title", member=member.display_name), private=True)


async def language(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member = await ctx.services.communities.set_locale(ctx.member, values["locale"])
    return success(msg("language-set", locale=msg(f"locale-{member.locale}")), private=True)


async def link(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    """Without a code: get one. With one (typed from your other account): become one member."""
    if not values.get("code"):
        code = await ctx.services.identities.issue_code(ctx.member, ctx.platform)
        minutes = int(LINK_CODE_VALID.total_seconds() // 60)
        return reply(msg("link-code", code=code, minutes=minutes, prefix=ctx.prefix), private=True)
    member = await ctx.services.identities.redeem(ctx.community, ctx.member, ctx.platform, values["code"])
    return success(msg("link-done", member=member.display_name), private=True)


async def unlink(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    await ctx.services.identities.unlink(ctx.community, ctx.member, values["platform"])
    return success(msg("unlink-done", platform=values["platform"]), private=True)


def register(registry: CommandRegistry) -> None:
    # Named only: "/profile set place:Lund Malmö" must not quietly put "Malmö" in "who".
    fields = tuple(
        Option(name, required=False, positional=False, max_length=FIELD_LIMITS[name]) for name in PROFILE_FIELDS
    )
    visible = Option("visible", OptionType.BOOLEAN, required=False, positional=False)
    registry.add(Command(("profile", "set"), set_profile, (*fields, visible)))
    registry.add(Command(("profile", "show"), show, (Option("member", OptionType.MEMBER, required=False),)))
    registry.add(Command(("profile", "link"), link, (Option("code", required=False, max_length=20),)))
    platforms = ("discord", "matrix", "console")
    registry.add(Command(("profile", "unlink"), unlink, (Option("platform", OptionType.CHOICE, choices=platforms),)))
    registry.add(Command(("language",), language, (Option("locale", OptionType.CHOICE, choices=SUPPORTED_LOCALES),)))
