"""What a transaction has read about a member, kept in ``Transaction.memo`` under keys every service spells alike.

One statement may read for several services: the read that finds a section's next meeting for ``rsvp`` also says
the member's answer to it and whether they are in the section, which the answer and the membership rule would
otherwise read again (a command's latency is mostly its number of statements). The memo goes with the
transaction, so what it holds is never older than the transaction's own reads and writes.
"""

from __future__ import annotations

from collections.abc import Hashable


def in_section(section_id: int, member_id: int) -> Hashable:
    """Key of whether the member is in the section (a bool)."""
    return ("in section", section_id, member_id)


def answer_of(occurrence_id: int, member_id: int) -> Hashable:
    """Key of the member's answer to the occurrence (an ``Rsvp``, or None for no answer)."""
    return ("rsvp", occurrence_id, member_id)
