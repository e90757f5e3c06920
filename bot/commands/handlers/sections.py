"""``section list|info|create|approve|join|leave|archive|unarchive|coordinator add|coordinator remove``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.labels import section_label
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import PROPOSABLE_KINDS, Permission, SectionKind, SectionStatus
from bot.errors import UserError
from bot.replies import Msg, Reply, msg, reply, success

_SECTION = Option("section", OptionType.SECTION)
_MEMBER = Option("member", OptionType.MEMBER)


async def list_sections(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    found = await ctx.services.sections.overview(ctx.community, include_proposed=True)
    lines: list[Msg] = []
    for section, count in found:
        key = "section-list-proposed" if section.status is SectionStatus.PROPOSED else "section-list-line"
        lines.append(
            msg(key, section=section.slug, name=section_label(section), count=count, kind=msg(f"kind-{section.kind}"))
        )
    lines.append(msg("section-list-hint", prefix=ctx.prefix))
    return reply(*lines, title=msg("section-list-title", count=len(found)))


async def info(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    details = await ctx.services.sections.info(ctx.community, values["section"], ctx.member)
    section = details.section
    lines = [
        msg("section-info-kind", kind=msg(f"kind-{section.kind}"), status=msg(f"status-{section.status}")),
        msg("section-info-members", count=details.member_count),
    ]
    # In a sensitive section, who is in it (its coordinators too) is for its members to know.
    names_shown = not section.sensitive or details.role is not None
    if not section.kind.is_builtin and names_shown:
        names = ", ".join(member.display_name for member in details.coordinators)
        lines.append(msg("section-info-coordinators", count=len(details.coordinators), names=names))
    if section.sensitive:
        lines.append(msg("section-info-sensitive"))
    if section.description:
        lines.append(msg("section-info-description", text=section.description))
    if section.purpose:
        lines.append(msg("section-info-purpose", text=section.purpose))
    role = details.role.value if details.role else "none"
    lines.append(msg("section-info-your-role", role=role))
    title = msg("section-info-title", section=section.slug, name=section_label(section))
    return reply(*lines, title=title, private=section.sensitive)


async def sensitive(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.sections.set_sensitive(ctx.community, values["section"], values["sensitive"])
    key = "section-now-sensitive" if section.sensitive else "section-now-not-sensitive"
    return success(msg(key, section=section.slug), private=True)


async def create(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    outcome = await ctx.services.sections.propose(
        ctx.community,
        ctx.member,
        name=values["name"],
        kind=SectionKind(values.get("kind", SectionKind.PROFESSION.value)),
        slug=values.get("slug"),
        description=values.get("description", ""),
        purpose=values.get("purpose", ""),
    )
    section = outcome.section
    if outcome.needs_approval:
        return success(msg("section-proposed", section=section.slug, name=section.name))
    return success(msg("section-created", section=section.slug, name=section.name))


async def approve(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.sections.approve(ctx.community, values["section"])
    return success(msg("section-approved", section=section.slug, name=section.name))


async def join(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.sections.join(ctx.community, ctx.member, values["section"])
    return success(msg("section-joined", section=section.slug, name=section_label(section)), private=True)


async def leave(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.sections.leave(ctx.community, ctx.member, values["section"])
    return success(msg("section-left", section=section.slug, name=section_label(section)), private=True)


async def archive(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.sections.archive(ctx.community, values["section"])
    return success(msg("section-archived", section=section.slug, name=section.name))


async def unarchive(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.sections.unarchive(ctx.community, values["section"])
    return success(msg("section-unarchived", section=section.slug, name=section.name))


async def add_coordinator(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member = values["member"]
    section = await ctx.services.sections.add_coordinator(ctx.community, values["section"], member)
    return success(msg("section-coordinator-added", member=member.display_name, section=section.slug))


async def remove_coordinator(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member = values["member"]
    section = await ctx.services.sections.remove_coordinator(ctx.community, values["section"], member)
    return success(msg("section-coordinator-removed", member=member.display_name, section=section.slug))


async def bind(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    """Make the channel this is typed in the section's channel on this platform."""
    if ctx.channel_ref is None:
        raise UserError("error-bind-here")
    section = await ctx.services.sections.get(ctx.community, values["section"])
    await ctx.services.sections.bind_channel(section, ctx.platform, ctx.channel_ref)
    return success(msg("section-bound", section=section.slug))


def register(registry: CommandRegistry) -> None:
    kinds = tuple(kind.value for kind in PROPOSABLE_KINDS)
    registry.add(Command(("section", "list"), list_sections))
    registry.add(Command(("section", "info"), info, (_SECTION,), section_option="section"))
    registry.add(
        Command(
            ("section", "create"),
            create,
            (
                Option("name"),
                Option("kind", OptionType.CHOICE, required=False, choices=kinds),
                Option("slug", required=False),
                Option("description", required=False),
                Option("purpose", required=False),
            ),
        )
    )
    registry.add(Command(("section", "approve"), approve, (_SECTION,), Permission.ADMIN))
    registry.add(Command(("section", "join"), join, (_SECTION,)))
    registry.add(Command(("section", "leave"), leave, (_SECTION,), section_option="section"))
    registry.add(
        Command(("section", "archive"), archive, (_SECTION,), Permission.COORDINATOR, section_option="section")
    )
    registry.add(Command(("section", "unarchive"), unarchive, (_SECTION,), Permission.ADMIN))
    registry.add(Command(("section", "bind"), bind, (_SECTION,), Permission.COORDINATOR, section_option="section"))
    registry.add(
        Command(
            ("section", "sensitive"),
            sensitive,
            (_SECTION, Option("sensitive", OptionType.BOOLEAN)),
            Permission.COORDINATOR,
            section_option="section",
        )
    )
    for verb, handler in (("add", add_coordinator), ("remove", remove_coordinator)):
        registry.add(
            Command(
                ("section", "coordinator", verb),
                handler,
                (_SECTION, _MEMBER),
                Permission.COORDINATOR,
                section_option="section",
            )
        )
