"""``section health [section]``: a section's health in figures and a chart, for its coordinators (all sections
for community admins). Aggregates only: no member is named, and sections come in alphabetical order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.dates import format_date

from bot.commands.context import CommandContext
from bot.commands.handlers.labels import section_label
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.health import HealthReport, SectionHealth
from bot.domain.models import Role, Section
from bot.errors import UserError
from bot.replies import Attachment, Msg, Reply, msg, reply
from bot.services.health_chart import ChartLabels, draw_apart
from bot.services.health_lines import figure_lines


def _figure_lines(health: SectionHealth) -> list[Msg]:
    header = msg("health-section", section=health.section.slug, name=section_label(health.section))
    return figure_lines(header, health.current, health.previous)


def _chart(ctx: CommandContext, report: HealthReport, period: str) -> ChartLabels:
    def text(key: str, **args: Any) -> str:
        return ctx.services.translator.format(ctx.locale, key, args)

    def name(health: SectionHealth) -> str:
        label = section_label(health.section)
        return label if isinstance(label, str) else text(label.key)

    return ChartLabels(
        title=text("health-chart-title", period=period),
        current=text("health-chart-current", months=report.months),
        previous=text("health-chart-previous", months=report.months),
        meetings=text("health-chart-meetings"),
        answers=text("health-chart-answers"),
        new_members=text("health-chart-new-members"),
        memos=text("health-chart-memos"),
        sections=tuple(name(health) for health in report.sections),
    )


def _day(ctx: CommandContext, report: HealthReport, which: str) -> str:
    period = report.current
    moment = period.start if which == "start" else period.end
    return str(format_date(moment.date(), "medium", locale=ctx.locale))


async def _sections(ctx: CommandContext, values: Mapping[str, Any]) -> list[Section]:
    """Named: that section, for its coordinators and admins. Not named: every active section for an admin, the
    channel's section for its coordinators. The permission is checked here since "all" has no section to check."""
    slug = values.get("section") or (None if ctx.member.is_admin else ctx.channel_section)
    if slug is None:
        if not ctx.member.is_admin:
            raise UserError("error-permission-admin")
        found = await ctx.services.sections.overview(ctx.community, include_proposed=False)
        return [section for section, _count in found]
    section = await ctx.services.sections.get(ctx.community, slug)
    if not ctx.member.is_admin and await ctx.services.sections.role_in(section, ctx.member) is not Role.COORDINATOR:
        raise UserError("error-permission-coordinator", section=section.slug)
    return [section]


async def health(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    sections = await _sections(ctx, values)
    report = await ctx.services.health.report(ctx.community, sections)
    period = f"{_day(ctx, report, 'start')} – {_day(ctx, report, 'end')}"
    lines: list[Msg] = []
    for section in report.sections:
        lines.extend(_figure_lines(section))
    lines.append(msg("health-note", months=report.months))
    chart = await draw_apart(
        [(section.current, section.previous) for section in report.sections], _chart(ctx, report, period)
    )
    day = report.current.end.date().isoformat()
    return reply(
        *lines,
        title=msg("health-title", period=period),
        private=True,
        attachments=(Attachment(f"netgroups-health-{day}.png", "image/png", chart),),
    )


def register(registry: CommandRegistry) -> None:
    # Checked in the handler: without a section, an admin sees every section (typed anywhere, even in a channel).
    registry.add(Command(("section", "health"), health, (Option("section", OptionType.SECTION, required=False),)))
