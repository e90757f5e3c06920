"""When a person may be written to: never at night where the community lives (a coordinator's attention is a
budget, and a volunteer's night is not the bot's to spend)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Direct messages go out between these local hours only.
DAY_STARTS = time(8)
DAY_ENDS = time(21)


def next_daytime(now: datetime, zone: str) -> datetime:
    """``now`` when it is daytime in ``zone``; otherwise the next 08:00 there (as an aware instant in now's zone)."""
    local = now.astimezone(ZoneInfo(zone))
    if DAY_STARTS <= local.time() < DAY_ENDS:
        return now
    day = local.date() if local.time() < DAY_STARTS else local.date() + timedelta(days=1)
    morning = datetime.combine(day, DAY_STARTS, tzinfo=ZoneInfo(zone))
    return morning.astimezone(now.tzinfo)
