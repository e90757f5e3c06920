"""A protocol-level stand-in of Discord (REST API v10 and gateway) on 127.0.0.1 for the real discord.py.

At a glance (all ids are ints; see :class:`DiscordStandIn` and tests/discord_standin_tests for examples):

- world: ``add_guild(name) -> guild_id`` (with #general, @everyone, the bot's managed role; the bot is a
  member), ``add_user``, ``add_member``, ``add_channel``, ``add_role``, ``edit_role`` (permissions, position),
  ``bot_role_id``, ``close_dms``.
- run: ``await start()`` / ``await stop()``; ``with standin.patch_discord_py(fast_server_error_retries=True)``;
  ``token``, ``bot_user_id``, ``application_id``, ``base_url``, ``gateway_url``.
- events to the bot: ``dispatch_slash_command("group sub", {"opt": v}, channel_id=, user_id=)`` ->
  :class:`InteractionRecord`; ``dispatch_autocomplete``; ``add_reaction`` / ``remove_reaction`` /
  ``post_message`` (a user acting: state changes and the event is sent, intents permitting);
  ``dispatch(event, data)`` for anything else; ``dispatch_guild_create``.
- connection: ``drop_connection(code=4000|None)``, ``hold_connections`` / ``release_connections``,
  ``send_reconnect``, ``invalidate_session``; ``identify_count``, ``resume_count``, ``intents``,
  ``identifies``, ``resumes``, ``gateway_connections``, ``heartbeats``, ``filtered_events``.
- failures: ``inject(method, path, status=, body=, headers=, times=, after=, delay=, disconnect=)``,
  ``inject_rate_limit``, ``inject_global_rate_limit``, ``inject_server_error``, ``set_global_rate_limit``,
  ``set_route_rate_limit``. Paths are relative to /api/v10; ``*`` or ``{name}`` is one segment.
- inspect: ``calls`` / ``calls_to(method, path)``, ``unknown_routes``, ``messages_in``, ``message``,
  ``reactions_on``, ``member_roles``, ``channels_in`` / ``channel_named``, ``roles_in`` / ``role_named``,
  ``dm_channel_id``, ``guild_commands`` / ``global_commands``, ``command_writes(guild_id|None)``,
  ``interactions``, ``interaction_responses``, ``interaction_message``, ``followup_messages``.
- wait (never sleep): ``wait_until(predicate)``, ``wait_for_calls``, ``wait_for_response``, ``wait_connected``.
"""

from tests.discord_standin import payloads
from tests.discord_standin.faults import Fault, RouteLimit
from tests.discord_standin.patching import DiscordPyPatch, import_discord, patch_discord_py
from tests.discord_standin.payloads import DiscordError
from tests.discord_standin.rest import Call
from tests.discord_standin.server import DiscordStandIn
from tests.discord_standin.world import InteractionRecord

__all__ = [
    "Call",
    "DiscordError",
    "DiscordPyPatch",
    "DiscordStandIn",
    "Fault",
    "InteractionRecord",
    "RouteLimit",
    "import_discord",
    "patch_discord_py",
    "payloads",
]
