"""How core values are named in replies."""

from __future__ import annotations

from bot.domain.models import Section, SectionKind
from bot.replies import Msg, msg


def section_label(section: Section) -> Msg | str:
    """Built-in sections have translated names; the rest are called what their members called them."""
    if section.kind is SectionKind.CENTRAL:
        return msg("section-name-central")
    if section.kind is SectionKind.COORDINATORS:
        return msg("section-name-coordinators")
    return section.name
