"""The registry as Discord application commands, and interactions back into command requests.

Discord wants required options before optional ones, names of 1–32 lower-case characters and
descriptions of 1–100; localisations come from the same catalogs as every other string.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bot.commands.grammar import CommandRequest
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.i18n import Translator

#: Our catalog locale -> Discord's locale codes.
DISCORD_LOCALES = {"sv": "sv-SE", "da": "da"}
_SUBCOMMAND, _GROUP = 1, 2
_TYPES = {
    OptionType.TEXT: 3,
    OptionType.CHOICE: 3,
    OptionType.SECTION: 3,
    OptionType.DATE: 3,
    OptionType.INTEGER: 4,
    OptionType.BOOLEAN: 5,
    OptionType.MEMBER: 6,
}
#: Options that offer completions while typing.
AUTOCOMPLETED = {"section", "date"}


def _texts(translator: Translator, key: str, limit: int) -> tuple[str, dict[str, str]]:
    base = translator.format("en", key)[:limit]
    localised = {code: translator.format(locale, key)[:limit] for locale, code in DISCORD_LOCALES.items()}
    return base, {code: text for code, text in localised.items() if text != base}


def _named(translator: Translator, key: str) -> dict[str, Any]:
    name, names = _texts(translator, key, 32)
    description, descriptions = _texts(translator, key + "-desc", 100)
    payload: dict[str, Any] = {"name": name, "description": description}
    if names:
        payload["name_localizations"] = names
    if descriptions:
        payload["description_localizations"] = descriptions
    return payload


def _required(command: Command, option: Option) -> bool:
    # The section defaults to the channel's, so Discord must let it be left out.
    return option.required and option.name != command.section_option


def _option(translator: Translator, command: Command, option: Option) -> dict[str, Any]:
    payload = _named(translator, f"opt-{option.name}")
    payload["name"] = option.name  # option names stay as declared: they are the grammar
    payload["type"] = _TYPES[option.type]
    payload["required"] = _required(command, option)
    if option.choices:
        payload["choices"] = [{"name": choice, "value": choice} for choice in option.choices]
    elif option.name in AUTOCOMPLETED and option.type in (OptionType.SECTION, OptionType.TEXT, OptionType.DATE):
        payload["autocomplete"] = True
    if option.min_value is not None:
        payload["min_value"] = option.min_value
    if option.max_value is not None:
        payload["max_value"] = option.max_value
    return payload


def _options(translator: Translator, command: Command) -> list[dict[str, Any]]:
    ordered = sorted(command.options, key=lambda option: not _required(command, option))
    return [_option(translator, command, option) for option in ordered]


def command_payload(registry: CommandRegistry, translator: Translator) -> list[dict[str, Any]]:
    """Every command of the registry as the body of a bulk overwrite of a guild's commands."""
    tops: dict[str, dict[str, Any]] = {}
    for command in registry:
        path = command.path
        top = tops.setdefault(path[0], {**_named(translator, f"cmd-{path[0]}"), "type": 1, "options": []})
        top["name"] = path[0]
        if len(path) == 1:
            top["options"] = _options(translator, command)
            continue
        parent = top
        if len(path) == 3:
            key = f"cmd-{path[0]}-{path[1]}"
            groups = [option for option in top["options"] if option["name"] == path[1]]
            if groups:
                parent = groups[0]
            else:
                parent = {**_named(translator, key), "name": path[1], "type": _GROUP, "options": []}
                top["options"].append(parent)
        sub = {**_named(translator, command.key), "name": path[-1], "type": _SUBCOMMAND}
        sub["options"] = _options(translator, command)
        parent["options"].append(sub)
    return list(tops.values())


def payload_hash(payload: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def request_from(registry: CommandRegistry, data: dict[str, Any]) -> tuple[CommandRequest | None, str | None]:
    """The command an interaction names with its option values, and the option being completed."""
    path = [data["name"]]
    options: list[dict[str, Any]] = data.get("options", [])
    while options and options[0].get("type") in (_SUBCOMMAND, _GROUP):
        path.append(options[0]["name"])
        options = options[0].get("options", [])
    command = registry.get(tuple(path))
    if command is None:
        return None, None
    focused = next((option["name"] for option in options if option.get("focused")), None)
    values = {option["name"]: option["value"] for option in options if "value" in option}
    return CommandRequest(command, values), focused
