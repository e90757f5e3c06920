"""Discord-shaped JSON: constants, snowflakes, timestamps and the payload builders the stand-in answers with.

Payloads follow Discord's API v10 documentation and what discord.py 2.7 reads (a missing key it indexes
directly ends ``client.start()`` with a KeyError, so builders err on the side of every documented field).
"""

from __future__ import annotations

import itertools
import re
import time
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# --- gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents) ---------------
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1  # privileged
GUILD_MODERATION = 1 << 2
GUILD_EXPRESSIONS = 1 << 3
GUILD_INTEGRATIONS = 1 << 4
GUILD_WEBHOOKS = 1 << 5
GUILD_INVITES = 1 << 6
GUILD_VOICE_STATES = 1 << 7
GUILD_PRESENCES = 1 << 8  # privileged
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
GUILD_MESSAGE_TYPING = 1 << 11
DIRECT_MESSAGES = 1 << 12
DIRECT_MESSAGE_REACTIONS = 1 << 13
DIRECT_MESSAGE_TYPING = 1 << 14
MESSAGE_CONTENT = 1 << 15  # privileged
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

# --- permissions -----------------------------------------------------------------------------------------
CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38

EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
#: What the bot's managed role grants unless the test says otherwise: enough to run sections.
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_CHANNELS | MANAGE_ROLES | MANAGE_MESSAGES

# --- channel types, message types and flags ----------------------------------------------------------------
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5
GUILD_FORUM = 15
MESSAGEABLE_CHANNEL_TYPES = frozenset({GUILD_TEXT, DM, GUILD_VOICE, GUILD_ANNOUNCEMENT, 10, 11, 12, 13})
NAME_NORMALISED_CHANNEL_TYPES = frozenset({GUILD_TEXT, GUILD_ANNOUNCEMENT, GUILD_FORUM, 16})

MESSAGE_DEFAULT = 0
MESSAGE_REPLY = 19
MESSAGE_CHAT_INPUT_COMMAND = 20

FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12

# --- interactions --------------------------------------------------------------------------------------------
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

CALLBACK_PONG = 1
CALLBACK_CHANNEL_MESSAGE = 4
CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE_MESSAGE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE_RESULT = 8
CALLBACK_MODAL = 9

OPTION_SUB_COMMAND = 1
OPTION_SUB_COMMAND_GROUP = 2
OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_BOOLEAN = 5
OPTION_USER = 6
OPTION_CHANNEL = 7
OPTION_ROLE = 8
OPTION_MENTIONABLE = 9
OPTION_NUMBER = 10

#: Locale codes Discord accepts in name_localizations / description_localizations and sends as locale.
LOCALES = frozenset(
    {
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
        "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja",
        "zh-TW", "ko",
    }
)  # fmt: skip

# --- JSON error bodies (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json) ----------
UNKNOWN_CHANNEL = (10003, "Unknown Channel")
UNKNOWN_GUILD = (10004, "Unknown Guild")
UNKNOWN_MEMBER = (10007, "Unknown Member")
UNKNOWN_MESSAGE = (10008, "Unknown Message")
UNKNOWN_OVERWRITE = (10009, "Unknown Overwrite")
UNKNOWN_ROLE = (10011, "Unknown Role")
UNKNOWN_USER = (10013, "Unknown User")
UNKNOWN_EMOJI = (10014, "Unknown Emoji")
UNKNOWN_WEBHOOK = (10015, "Unknown Webhook")
UNKNOWN_APPLICATION_COMMAND = (10063, "Unknown application command")
UNKNOWN_INTERACTION = (10062, "Unknown interaction")
INVALID_DM_ACTION = (50003, "Cannot execute action on a DM channel")
CANNOT_EDIT_OTHERS_MESSAGE = (50005, "Cannot edit a message authored by another user")
EMPTY_MESSAGE = (50006, "Cannot send an empty message")
CANNOT_DM_USER = (50007, "Cannot send messages to this user")
NON_TEXT_CHANNEL = (50008, "Cannot send messages in a non-text channel")
MISSING_PERMISSIONS = (50013, "Missing Permissions")
INVALID_FORM_BODY = (50035, "Invalid Form Body")
ALREADY_ACKNOWLEDGED = (40060, "Interaction has already been acknowledged.")


class DiscordError(Exception):
    """Raised by a handler: answered as ``status`` with a Discord JSON error body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body


def error_body(error: tuple[int, str], errors: dict[str, Any] | None = None) -> dict[str, Any]:
    code, message = error
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return body


def form_error(path: str, code: str, message: str) -> dict[str, Any]:
    """A 50035 body with Discord's nested ``errors`` tree: ``form_error("embeds.0.title", ...)``."""
    tree: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        tree = {part: tree}
    return error_body(INVALID_FORM_BODY, tree)


# --- snowflakes and time ----------------------------------------------------------------------------------------
class Snowflakes:
    """Strictly increasing snowflakes stamped with the wall clock, as Discord's ids are."""

    def __init__(self) -> None:
        self._last_ms = 0
        self._increment = itertools.count()

    def next(self) -> int:
        now_ms = max(int(time.time() * 1000), self._last_ms)
        increment = next(self._increment) & 0xFFF
        if increment == 0xFFF:
            now_ms += 1
        self._last_ms = now_ms
        return ((now_ms - DISCORD_EPOCH_MS) << 22) | (1 << 17) | (1 << 12) | increment


def iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def snowflake_time(snowflake: int) -> datetime:
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)


# --- names ---------------------------------------------------------------------------------------------------
_CHANNEL_NAME_DROPPED = re.compile(r"[!\"#$%&'()*+,./:;<=>?@\[\\\]^`{|}~]")


def normalise_channel_name(name: str) -> str:
    """Discord lower-cases text channel names, turns spaces into dashes and drops most punctuation.

    An approximation of the server's rule (which also folds some Unicode); enough to catch a bot that
    compares the name it asked for with the name it got.
    """
    name = _CHANNEL_NAME_DROPPED.sub("", name.strip().lower())
    name = re.sub(r"\s+", "-", name)
    return re.sub(r"-{2,}", "-", name)


_COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def valid_command_name(name: str) -> bool:
    """Discord's CHAT_INPUT name rule: 1–32 word characters, dashes, underscores; no upper case."""
    return bool(_COMMAND_NAME.match(name)) and name == name.lower()


# --- payload builders -----------------------------------------------------------------------------------------
def user_payload(
    user_id: int, username: str, *, bot: bool = False, global_name: str | None = None, discriminator: str = "0"
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(user_id),
        "username": username,
        "discriminator": discriminator,
        "global_name": global_name,
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }
    if bot:
        payload["bot"] = True
    return payload


def role_payload(
    role_id: int,
    name: str,
    *,
    permissions: int,
    position: int,
    color: int = 0,
    hoist: bool = False,
    mentionable: bool = False,
    managed: bool = False,
    tags: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(role_id),
        "name": name,
        "description": None,
        "permissions": str(permissions),
        "position": position,
        "color": color,
        "colors": {"primary_color": color, "secondary_color": None, "tertiary_color": None},
        "hoist": hoist,
        "managed": managed,
        "mentionable": mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if tags is not None:
        payload["tags"] = tags
    return payload


def reaction_emoji(key: str) -> dict[str, Any]:
    """The emoji object of a reaction key: ``"👍"`` or ``"name:id"`` (a custom emoji, as in REST paths)."""
    if ":" in key:
        name, _, emoji_id = key.rpartition(":")
        return {"id": emoji_id, "name": name.removeprefix("a:"), "animated": name.startswith("a:")}
    return {"id": None, "name": key}


def valid_reaction_key(key: str) -> bool:
    """Unicode emoji must be real emoji (``:thumbsup:`` or ``thumbsup`` give 10014); custom ones ``name:id``."""
    if ":" in key:
        name, _, emoji_id = key.rpartition(":")
        return bool(name.strip(":")) and emoji_id.isdigit()
    return bool(key) and any(ord(ch) > 0x7F for ch in key)
