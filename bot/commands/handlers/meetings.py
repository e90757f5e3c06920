"""``meeting schedule|list|next|cancel|held|confirm|move|edit|end``, ``rsvp`` and ``reminders``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.rule_text import describe_rule
from bot.commands.handlers.scope import DATE_LAST, SECTION_LAST, coordinated, meeting_of, section_of
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.delivery.compose import MeetingDetails, agenda_lines, counts_line, section_name, when_line
from bot.domain.meetings import Answer, ReminderVia, Series
from bot.domain.when import parse_duration, parse_time
from bot.errors import UserError
from bot.replies import Msg, Reply, msg, reply, success
from bot.services.meetings import SeriesRequest
from bot.services.rsvps import RsvpResult

_DATE = Option("date", OptionType.DATE)
#: ``calls:confirmed``: calls go out only for meetings a coordinator confirmed (``meeting confirm DATE``);
#: ``calls:all`` (the default): for every meeting.
_CONFIRM_CALLS = Option("calls", OptionType.CHOICE, required=False, choices=("all", "confirmed"), positional=False)


def _series_lines(series: Series, dates: list[datetime], locale: str) -> list[Msg]:
    lines = [
        msg(
            "meeting-series",
            rule=describe_rule(series.rrule, locale),
            time=series.local_time.strftime("%H:%M"),
            zone=series.timezone,
            minutes=series.duration_minutes,
        )
    ]
    if series.place:
        lines.append(msg("meeting-place", place=series.place))
    if series.capacity:
        lines.append(msg("meeting-capacity", capacity=series.capacity))
    if series.confirm_calls:
        lines.append(msg("meeting-confirm-calls"))
    lines.extend(msg("meeting-next-date", when=when) for when in dates)
    lines.append(msg("meeting-cadence", days=series.cadence.call_days_before))
    return lines


def _details_lines(details: MeetingDetails, *, names: bool = True) -> list[Msg]:
    lines = [when_line(details)]
    if details.place:
        lines.append(msg("meeting-place", place=details.place))
    if details.occurrence.is_cancelled:
        lines.append(msg("call-cancelled"))
        return lines
    if details.series.confirm_calls and not details.occurrence.confirmed:
        lines.append(msg("meeting-not-confirmed"))
    lines.append(msg("agenda-heading"))
    lines.extend(agenda_lines(details, names=names))
    lines.append(counts_line(details))
    return lines


async def schedule(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    request = SeriesRequest(
        rule=values["rule"],
        at=parse_time(values["time"]),
        duration_minutes=parse_duration(values["duration"]) if values.get("duration") else None,
        place=values.get("place"),
        start=values.get("start"),
        capacity=values.get("capacity"),
    )
    scheduled = await ctx.services.meetings.schedule(ctx.community, section, ctx.member, request)
    lines = _series_lines(scheduled.series, scheduled.next_dates, ctx.locale)
    return reply(*lines, title=msg("meeting-scheduled", section=section_name(section)))


async def list_meetings(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    series = await ctx.services.meetings.series_of(section)
    dates = await ctx.services.meetings.preview(series, 3)
    return reply(
        *_series_lines(series, dates, ctx.locale), title=msg("meeting-list-title", section=section_name(section))
    )


async def next_meeting(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    if not section.sensitive:
        return reply(*_details_lines(details), title=msg("meeting-next-title", section=section_name(section)))
    # A sensitive section's meeting: its members see who is coming, privately; others only how many.
    member = await ctx.services.sections.is_member(section, ctx.member)
    lines = _details_lines(details, names=member)
    return reply(*lines, title=msg("meeting-next-title", section=section_name(section)), private=True)


async def cancel(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await ctx.services.meetings.cancel(section, values["date"])
    return success(msg("meeting-cancelled-done", section=section.slug, when=details.local_start))


async def held(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await ctx.services.meetings.mark_held(section, values.get("date"))
    return success(msg("meeting-held-done", section=section.slug, when=details.local_start))


async def confirm(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await ctx.services.meetings.confirm(section, values["date"])
    return success(msg("meeting-confirmed", section=section.slug, when=details.local_start))


async def move(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    new_time = parse_time(values["time"]) if values.get("time") else None
    details = await ctx.services.meetings.move(section, values["date"], values["to"], new_time)
    return success(msg("meeting-moved", section=section.slug, when=details.local_start))


async def edit(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    changes: dict[str, object] = {
        "rule": values.get("rule"),
        "at": parse_time(values["time"]) if values.get("time") else None,
        "duration_minutes": parse_duration(values["duration"]) if values.get("duration") else None,
        "place": values.get("place"),
        "capacity": values.get("capacity"),
        "confirm": None if values.get("calls") is None else values["calls"] == "confirmed",
    }
    if not any(value is not None for value in changes.values()):
        raise UserError("error-edit-nothing")
    scheduled = await ctx.services.meetings.edit(ctx.community, section, ctx.member, values["from"], changes)
    return reply(
        *_series_lines(scheduled.series, scheduled.next_dates, ctx.locale),
        title=msg("meeting-edited", section=section_name(section), day=scheduled.series.start_date),
    )


async def end(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    series = await ctx.services.meetings.end(section, values.get("date"))
    return success(msg("meeting-ended", section=section.slug, day=series.until_date))


async def rsvp(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    choice = values["answer"]
    if choice not in ("always", "never") and not values.get("date"):
        # The common case, section lookup included, in one transaction (``RsvpService.answer_next``).
        answered = await ctx.services.rsvps.answer_next(
            ctx.community,
            values["section"],
            ctx.member,
            Answer(choice),
            source="command",
            find=ctx.services.meetings.next_open,
        )
        return success(_answered(answered.result, choice, answered.section.slug, answered.local_start), private=True)
    section = await section_of(ctx, values)
    if choice in ("always", "never"):
        series = await ctx.services.meetings.series_of(section)
        standing = await ctx.services.rsvps.set_always(series.id, ctx.member, on=choice == "always")
        key = "rsvp-always-joined" if standing.joined else f"rsvp-{choice}"
        return success(msg(key, section=section.slug), private=True)
    details = await meeting_of(ctx, section, values)
    result = await ctx.services.rsvps.answer(details.occurrence.id, ctx.member, Answer(choice), source="command")
    return success(_answered(result, choice, section.slug, details.local_start), private=True)


def _answered(result: RsvpResult, choice: str, section: str, when: datetime) -> Msg:
    """What an answer did: noted, or on the waiting list; and whether it made the member one of the section."""
    if result.joined:
        key = "rsvp-joined-waitlisted" if result.waitlisted else "rsvp-joined"
        return msg(key, choice=choice, section=section, when=when)
    key = "rsvp-waitlisted" if result.waitlisted else "rsvp-saved"
    return msg(key, answer=msg(f"answer-{choice}"), section=section, when=when)


async def reminders(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    via = ReminderVia(values["via"])
    platforms = await ctx.services.communities.set_reminder_via(ctx.member, via.value, platform=ctx.platform)
    if via is ReminderVia.DM and len(platforms) > 1:
        # A person on two platforms learns which one their direct messages now come to.
        return success(msg("reminders-set", via=msg("reminders-via-dm-on", platform=platforms[0])), private=True)
    return success(msg("reminders-set", via=msg(f"reminders-via-{via}")), private=True)


def register(registry: CommandRegistry) -> None:
    capacity = Option("capacity", OptionType.INTEGER, required=False, min_value=1, max_value=1000)
    registry.add(
        coordinated(
            ("meeting", "schedule"),
            schedule,
            (
                Option("rule"),
                Option("time"),
                Option("duration", required=False),
                Option("place", required=False),
                SECTION_LAST,
                Option("start", OptionType.DATE, required=False),
                capacity,
            ),
        )
    )
    registry.add(Command(("meeting", "list"), list_meetings, (SECTION_LAST,), section_option="section"))
    registry.add(Command(("meeting", "next"), next_meeting, (SECTION_LAST, DATE_LAST), section_option="section"))
    registry.add(coordinated(("meeting", "cancel"), cancel, (_DATE, SECTION_LAST)))
    registry.add(coordinated(("meeting", "held"), held, (DATE_LAST, SECTION_LAST)))
    registry.add(coordinated(("meeting", "confirm"), confirm, (_DATE, SECTION_LAST)))
    registry.add(
        coordinated(
            ("meeting", "move"),
            move,
            (_DATE, Option("to", OptionType.DATE), Option("time", required=False), SECTION_LAST),
        )
    )
    optional = tuple(Option(name, required=False) for name in ("rule", "time", "duration", "place"))
    registry.add(
        coordinated(
            ("meeting", "edit"),
            edit,
            (Option("from", OptionType.DATE), *optional, capacity, _CONFIRM_CALLS, SECTION_LAST),
        )
    )
    registry.add(coordinated(("meeting", "end"), end, (DATE_LAST, SECTION_LAST)))
    answers = ("yes", "maybe", "no", "always", "never")
    registry.add(
        Command(
            ("rsvp",),
            rsvp,
            (Option("answer", OptionType.CHOICE, choices=answers), SECTION_LAST, DATE_LAST),
            section_option="section",
        )
    )
    registry.add(
        Command(
            ("reminders",), reminders, (Option("via", OptionType.CHOICE, choices=tuple(v.value for v in ReminderVia)),)
        )
    )
