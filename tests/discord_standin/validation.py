"""What Discord refuses with 400 / 50035 (Invalid Form Body): message and application-command limits.

Only the limits a bot plausibly hits are checked; each failure carries Discord's nested ``errors`` tree.
"""

from __future__ import annotations

from typing import Any

from tests.discord_standin import payloads as p
from tests.discord_standin.payloads import DiscordError


def validate_message(body: dict[str, Any], files: list[dict[str, Any]], *, partial: bool = False) -> None:
    content = body.get("content")
    if content is not None and len(str(content)) > 2000:
        raise DiscordError(400, p.form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        raise DiscordError(400, p.form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."))
    total = 0
    limits = {"title": 256, "description": 4096}
    for index, embed in enumerate(embeds):
        for key, limit in limits.items():
            text = embed.get(key)
            if text is not None and len(str(text)) > limit:
                raise DiscordError(
                    400,
                    p.form_error(
                        f"embeds.{index}.{key}", "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."
                    ),
                )
            total += len(str(text or ""))
        fields = embed.get("fields") or []
        if len(fields) > 25:
            raise DiscordError(
                400,
                p.form_error(f"embeds.{index}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."),
            )
        for number, embed_field in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                text = str(embed_field.get(key) or "")
                where = f"embeds.{index}.fields.{number}.{key}"
                if not text.strip():
                    raise DiscordError(400, p.form_error(where, "BASE_TYPE_REQUIRED", "This field is required"))
                if len(text) > limit:
                    raise DiscordError(
                        400, p.form_error(where, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
                    )
                total += len(text)
        for key, inner, limit in (("footer", "text", 2048), ("author", "name", 256)):
            text = str((embed.get(key) or {}).get(inner) or "")
            if len(text) > limit:
                raise DiscordError(
                    400,
                    p.form_error(
                        f"embeds.{index}.{key}.{inner}",
                        "BASE_TYPE_MAX_LENGTH",
                        f"Must be {limit} or fewer in length.",
                    ),
                )
            total += len(text)
    if total > 6000:
        raise DiscordError(
            400, p.form_error("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
        )
    nonce = body.get("nonce")
    if nonce is not None and len(str(nonce)) > 25:
        raise DiscordError(400, p.form_error("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    if partial:
        return
    has_content = bool(str(content or "").strip())
    if not (has_content or embeds or body.get("components") or body.get("sticker_ids") or files or body.get("poll")):
        raise DiscordError(400, p.error_body(p.EMPTY_MESSAGE))


def validate_commands(commands: list[dict[str, Any]]) -> None:
    names: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        key = (command.get("name", ""), int(command.get("type", 1)))
        if key in names:
            raise DiscordError(
                400,
                p.form_error(
                    str(index), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"
                ),
            )
        names.add(key)
        validate_command(command, str(index))


def validate_command(command: dict[str, Any], where: str) -> None:
    kind = int(command.get("type", 1))
    name = command.get("name")
    if not isinstance(name, str) or (kind == 1 and not p.valid_command_name(name)) or not 1 <= len(name) <= 32:
        raise DiscordError(
            400, p.form_error(f"{where}.name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        )
    if kind == 1:
        description = command.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= 100:
            raise DiscordError(
                400,
                p.form_error(f"{where}.description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."),
            )
    _validate_localizations(command, where)
    _validate_options(command.get("options") or [], f"{where}.options", depth=0)


def _validate_localizations(entry: dict[str, Any], where: str) -> None:
    for key in ("name_localizations", "description_localizations"):
        for locale in entry.get(key) or {}:
            if locale not in p.LOCALES:
                raise DiscordError(
                    400, p.form_error(f"{where}.{key}.{locale}", "LOCALE_INVALID", f"Invalid locale: {locale}")
                )


def _validate_options(options: list[dict[str, Any]], where: str, *, depth: int) -> None:
    if len(options) > 25:
        raise DiscordError(400, p.form_error(where, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    seen_optional = False
    for index, option in enumerate(options):
        here = f"{where}.{index}"
        kind = int(option.get("type", 0))
        name = option.get("name")
        if not isinstance(name, str) or not p.valid_command_name(name):
            raise DiscordError(400, p.form_error(f"{here}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name"))
        description = option.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= 100:
            raise DiscordError(
                400,
                p.form_error(f"{here}.description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."),
            )
        _validate_localizations(option, here)
        if kind in (p.OPTION_SUB_COMMAND, p.OPTION_SUB_COMMAND_GROUP):
            if depth >= 2 or (kind == p.OPTION_SUB_COMMAND_GROUP and depth >= 1):
                raise DiscordError(
                    400, p.form_error(f"{here}.type", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Bad nesting")
                )
            _validate_options(option.get("options") or [], f"{here}.options", depth=depth + 1)
            continue
        if option.get("required"):
            if seen_optional:
                raise DiscordError(
                    400,
                    p.form_error(
                        here,
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    ),
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            raise DiscordError(
                400, p.form_error(f"{here}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            )
        if choices and option.get("autocomplete"):
            raise DiscordError(
                400,
                p.form_error(
                    f"{here}.autocomplete", "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE", "Autocomplete with choices"
                ),
            )
