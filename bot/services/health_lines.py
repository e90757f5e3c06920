"""The health report's lines: one block of figures, now against before, for the answer and the monthly post."""

from __future__ import annotations

from bot.domain.health import Figures, trend
from bot.replies import Msg, msg


def figure_lines(header: Msg, now: Figures, before: Figures) -> list[Msg]:
    """``header`` (a section, or all sections together), then its counts, each beside the period before."""

    def line(key: str, value: float, was: float) -> Msg:
        return msg(key, now=value, before=was, trend=msg(f"health-trend-{trend(value, was)}"))

    return [
        header,
        line("health-meetings", now.meetings, before.meetings),
        line("health-answers", now.answers_per_meeting, before.answers_per_meeting),
        msg("health-answers-split", yes=now.yes, maybe=now.maybe),
        line("health-new-members", now.new_members, before.new_members),
        line("health-memos", now.memos, before.memos),
    ]
