"""What a delivery says: a reminder's title tells how far ahead the meeting is, in the reader's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.delivery.compose import lead_words
from bot.i18n import Translator


@pytest.mark.parametrize(
    ("locale", "minutes", "title"),
    [
        ("en", 1440, "Reminder: Shiatsu meets tomorrow"),
        ("en", 60, "Reminder: Shiatsu meets in 1 hour"),
        ("en", 120, "Reminder: Shiatsu meets in 2 hours"),
        ("en", 4320, "Reminder: Shiatsu meets in 3 days"),
        ("en", 90, "Reminder: Shiatsu meets in 90 minutes"),
        ("en", 1, "Reminder: Shiatsu meets in 1 minute"),
        ("sv", 1440, "Påminnelse: Shiatsu träffas i morgon"),
        ("sv", 60, "Påminnelse: Shiatsu träffas om 1 timme"),
        ("sv", 180, "Påminnelse: Shiatsu träffas om 3 timmar"),
        ("da", 1440, "Påmindelse: Shiatsu mødes i morgen"),
        ("da", 60, "Påmindelse: Shiatsu mødes om 1 time"),
        ("da", 2880, "Påmindelse: Shiatsu mødes om 2 dage"),
    ],
)
def test_reminder_title_says_how_far_ahead(translator: Translator, locale: str, minutes: int, title: str) -> None:
    """Whole days (one is "tomorrow"), else whole hours, else minutes, with the locale's plurals."""
    words = lead_words(timedelta(minutes=minutes))
    assert translator.format(locale, "reminder-title", {"section": "Shiatsu", **words}) == title
