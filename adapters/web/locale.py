"""Which of our languages a visitor reads: ``?lang=``, else the best of Accept-Language, else the community's."""

from __future__ import annotations

from bot.i18n import normalise_locale


def choose_locale(query: str | None, accept_language: str | None, default: str) -> str:
    if query and (chosen := normalise_locale(query)):
        return chosen
    for language, _ in _ranked(accept_language or ""):
        if language == "*":
            break
        if chosen := normalise_locale(language):
            return chosen
    return normalise_locale(default) or "en"


def _ranked(header: str) -> list[tuple[str, float]]:
    """The header's languages, best first (``sv-SE,sv;q=0.9,en;q=0.5``); a malformed weight counts as 0."""
    found: list[tuple[str, float]] = []
    for part in header.split(",")[:20]:
        language, _, params = part.strip().partition(";")
        if not language:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        if weight > 0:
            found.append((language.strip(), weight))
    return sorted(found, key=lambda item: -item[1])
