"""Digest items about meetings: confirmations, hold or cancel, agendas, proposals, waitlists, answers, memos."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.digest import DigestItem


async def confirmations(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    return []


hold_or_cancel = agendas = proposals = waitlists = unanswered = memos_to_write = confirmations
