"""Deliveries: one outbox row per (what, target, platform), and the rules about lateness."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"


class Kind(enum.StrEnum):
    CALL = "call"
    REMINDER = "reminder"
    AGENDA_NUDGE = "agenda-nudge"
    MEMO_PROMPT = "memo-prompt"
    MEMO_NUDGE = "memo-nudge"
    MEMO = "memo"
    ANNOUNCEMENT = "announcement"
    CANCELLED = "cancelled"
    PROMOTED = "promoted"
    #: The answer to a command, for platforms without replies only its author sees (posted by the core).
    REPLY = "reply"
    #: A membership mirrored on a platform: a role granted or removed, an invitation (no message).
    ACCESS = "access"
    #: A section's channel or room made on a platform when the section opens, for people to find (no message).
    CHANNEL = "channel"
    #: The private welcome of a community's first admin: what to do next.
    WELCOME = "welcome"
    #: Who moderates mirrored on a platform: a coordinator in their section's channel, an admin in the community's
    #: place (no message).
    MODERATION = "moderation"
    #: A section's channel archived (read-only, moved aside) or restored on a platform, with a notice in it.
    ARCHIVE = "archive"
    #: A coordinator's digest: everything that needs them across their sections, at most one a day, composed when due.
    DIGEST = "digest"
    #: A section's channel made private to its members (a sensitive section) or open as a normal one's (no message).
    PRIVACY = "privacy"
    #: A post written once when it is queued (its payload), about one thing of its own and never a repeat of
    #: another: a hand-over offered, a section without a coordinator reported (in a channel or directly).
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    dedupe_key: str
    kind: str
    community_id: int
    platform: str
    section_id: int | None
    member_id: int | None
    occurrence_id: int | None
    memo_id: int | None
    series_id: int | None
    due_at: datetime
    deadline_at: datetime | None
    state: DeliveryState
    attempts: int
    external_channel: str | None
    external_message: str | None
    payload: str | None

    @property
    def base_kind(self) -> Kind:
        """``reminder-60`` -> REMINDER: kinds may carry a parameter after a dash."""
        if self.kind.startswith(Kind.REMINDER.value + "-"):
            return Kind.REMINDER
        return Kind(self.kind)

    @property
    def catch_up_group(self) -> tuple[object, ...]:
        """Deliveries in one group repeat each other: after downtime only the latest is worth sending."""
        return (self.series_id, self.kind, self.section_id, self.member_id, self.platform)

    def idempotency_key(self, installation: str) -> str:
        """Stable for the row and unique across databases (``installation`` is the database's own
        random id: a new database must not reuse keys a platform still remembers), at most 25
        characters, Discord's nonce limit."""
        return f"{installation}{self.id:x}"[:25]

    @property
    def marker(self) -> str:
        return f"netgroups:{self.dedupe_key}"


def dedupe_key(kind: str, platform: str, *, occurrence_id: int | None = None, target: str, extra: str = "") -> str:
    """The UNIQUE key of a delivery: (occurrence or subject, kind, target, platform)."""
    subject = f"o{occurrence_id}" if occurrence_id is not None else extra
    return f"{subject}:{kind}:{target}:{platform}"
