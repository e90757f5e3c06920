"""The meeting recipe and the rule that an agenda never runs over time."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AgendaKind(enum.StrEnum):
    WELCOME = "welcome"
    PRESENTATION = "presentation"
    CURRENT = "current"
    GUEST = "guest"
    DISCUSSION = "discussion"
    THANKS = "thanks"
    CUSTOM = "custom"
    #: The coordinators' meeting: sections whose attendance rose, named with their coordinators' consent.
    WHAT_WORKS = "what-works"


class AgendaStatus(enum.StrEnum):
    ACCEPTED = "accepted"
    PROPOSED = "proposed"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: int
    occurrence_id: int
    position: int
    kind: AgendaKind
    title: str
    minutes: int
    status: AgendaStatus
    proposed_by: int | None = None


# Shares of the meeting for each step of the recipe. They add up to 80% on purpose: the rest is
# room for current matters, proposals and a guest, so the default never forces an overrun.
_RECIPE: tuple[tuple[AgendaKind, float], ...] = (
    (AgendaKind.WELCOME, 0.05),
    (AgendaKind.PRESENTATION, 0.25),
    (AgendaKind.CURRENT, 0.15),
    (AgendaKind.DISCUSSION, 0.30),
    (AgendaKind.THANKS, 0.05),
)
_GUEST_SHARE = 0.20


def _round_to_five(minutes: float) -> int:
    return max(5, int(5 * round(minutes / 5)))


def default_recipe(
    duration_minutes: int, *, with_guest: bool = False, what_works: bool = False
) -> list[tuple[AgendaKind, int]]:
    """Welcome, presentation round, current matters, (guest), discussion, thanks — scaled to the meeting.

    ``what_works``: the coordinators' meeting, whose discussion is about what works in the sections."""
    steps = [(kind, _round_to_five(duration_minutes * share)) for kind, share in _RECIPE]
    if what_works:
        steps = [(AgendaKind.WHAT_WORKS if kind is AgendaKind.DISCUSSION else kind, minutes) for kind, minutes in steps]
    if with_guest:
        steps.insert(3, (AgendaKind.GUEST, _round_to_five(duration_minutes * _GUEST_SHARE)))
    # Very short meetings: trim the discussion, then anything else, until the recipe fits.
    while sum(minutes for _, minutes in steps) > duration_minutes:
        index = max(range(len(steps)), key=lambda i: steps[i][1])
        kind, minutes = steps[index]
        if minutes <= 1:
            break
        steps[index] = (kind, minutes - 1)
    return steps


def overrun(items: list[AgendaItem], duration_minutes: int, *, extra: int = 0) -> int:
    """How many minutes the accepted items (plus ``extra``) would run past the meeting's end."""
    planned = sum(item.minutes for item in items if item.status is AgendaStatus.ACCEPTED) + extra
    return max(0, planned - duration_minutes)
