"""A recurrence rule as people say it: "every 2 weeks on Tuesday", "the 1st and 3rd Thursday"."""

from __future__ import annotations

import re

from babel.dates import get_day_names

from bot.replies import Listing, Msg, msg

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
_ORDINALS = {1, 2, 3, 4, 5, -1}


def describe_rule(rrule: str, locale: str) -> Msg:
    """The presets in words; anything else (a raw RRULE) as it was written."""
    parts = dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)
    days = [_BYDAY.match(day) for day in parts.get("BYDAY", "").split(",") if day]
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "WKST"} or not days or not all(days):
        return msg("rule-raw", rule=rrule)
    names = get_day_names("wide", locale=locale)
    found = [(int(match.group(1) or 0), names[_WEEKDAYS[match.group(2)]]) for match in days if match]
    interval = int(parts.get("INTERVAL", "1"))
    if parts.get("FREQ") == "WEEKLY" and not any(number for number, _ in found):
        listed = Listing(tuple(day for _, day in found))
        return msg("rule-weekly", days=listed) if interval == 1 else msg("rule-every-weeks", n=interval, days=listed)
    if parts.get("FREQ") == "MONTHLY" and interval == 1 and all(number in _ORDINALS for number, _ in found):
        if len({day for _, day in found}) == 1:
            ordinals = Listing(tuple(msg("rule-ordinal", n=number) for number, _ in found))
            return msg("rule-monthly", which=msg("rule-ordinals-day", ordinals=ordinals, day=found[0][1]))
        each = Listing(tuple(msg("rule-ordinals-day", ordinals=msg("rule-ordinal", n=n), day=day) for n, day in found))
        return msg("rule-monthly", which=each)
    return msg("rule-raw", rule=rrule)
