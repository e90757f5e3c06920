"""Translation: Project Fluent catalogs per locale (en, sv, da), dates and numbers by Babel."""

from bot.i18n.translator import SUPPORTED_LOCALES, Translator, normalise_locale

__all__ = ["SUPPORTED_LOCALES", "Translator", "normalise_locale"]
