"""The web adapter: calendar feeds, a public page per section, an embeddable invitation, over aiohttp's server.

Like a chat adapter it is an outside interface: it reads the core only through ``Inbound.publishing`` (neutral
values from ``bot.publishing``) and renders them; it never touches storage or services.
"""

from adapters.web.server import WebServer

__all__ = ["WebServer"]
