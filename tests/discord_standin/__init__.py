"""A protocol-level stand-in of Discord (REST API v10 and gateway) on 127.0.0.1 for the real discord.py.

See :class:`DiscordStandIn` for the API; /work/shared/TESTING.md for why each detail is the way it is.
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
