"""A coordinator's digest: the items it carries and when one must go out (pure rules, no storage)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.replies import Msg


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One thing a coordinator is asked to look at."""

    #: What it is, stable for tests and logs: "agenda", "memo", "hold-or-cancel", "confirm", …
    kind: str
    section_id: int
    #: What the digest says (the first line is the item's headline; the rest is detail, e.g. a memo skeleton).
    lines: tuple[Msg, ...]
    #: When it is too late to tell (the call goes out, the meeting starts); None: it can wait for any digest.
    due_at: datetime | None = None
    occurrence_id: int | None = None
    #: Where it goes within its source's part of the digest (a meeting's start); None sorts first.
    sort_at: datetime | None = None


#: A source of items: ``(conn, coordinator_id, section_ids, now) -> items``.
DigestSource = Callable[["AsyncConnection", int, Sequence[int], datetime], Awaitable[list[DigestItem]]]
