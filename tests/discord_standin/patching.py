"""Pointing the real discord.py at the stand-in (and importing it without its audioop warning)."""

from __future__ import annotations

import asyncio
import importlib
import types
import warnings
from typing import Any

import yarl


def import_discord() -> types.ModuleType:
    """``import discord`` without failing on Python 3.11's audioop DeprecationWarning (warnings are errors here)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
        import discord

    return discord


class _ScaledBackoffAsyncio(types.ModuleType):
    """``asyncio`` as discord.http sees it, except that integer sleeps (its 1 + 2·tries back-off after a 5xx or
    a connection reset) are scaled down. Rate-limit waits are floats (``retry_after``, ``reset_after``) and
    untouched — the stand-in always sends ``retry_after`` as a float."""

    def __init__(self, scale: float) -> None:
        super().__init__("asyncio")
        self._scale = scale

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        if type(delay) is int:
            delay = delay * self._scale
        return await asyncio.sleep(delay, result)


class DiscordPyPatch:
    """Applied on creation; undone by calling it, by :meth:`undo`, or on leaving a ``with`` block."""

    def __init__(self, base_url: str, gateway_url: yarl.URL, *, fast_server_error_retries: bool = False) -> None:
        import_discord()
        modules: list[Any] = [
            importlib.import_module(f"discord.{name}") for name in ("http", "gateway", "webhook.async_")
        ]
        self._http, self._gateway, self._webhook = modules
        self._saved_base = self._http.Route.BASE
        self._saved_gateway = self._gateway.DiscordWebSocket.DEFAULT_GATEWAY
        self._saved_asyncio = (self._http.asyncio, self._webhook.asyncio)
        self._http.Route.BASE = base_url
        self._gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway_url
        if fast_server_error_retries:
            shim = _ScaledBackoffAsyncio(0.01)
            self._http.asyncio = shim
            self._webhook.asyncio = shim
        self._active = True

    def undo(self) -> None:
        if not self._active:
            return
        self._active = False
        self._http.Route.BASE = self._saved_base
        self._gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_gateway
        self._http.asyncio, self._webhook.asyncio = self._saved_asyncio

    __call__ = undo

    def __enter__(self) -> DiscordPyPatch:
        return self

    def __exit__(self, *_: object) -> None:
        self.undo()


def patch_discord_py(standin: Any, *, fast_server_error_retries: bool = False) -> DiscordPyPatch:
    """Function form of :meth:`DiscordStandIn.patch_discord_py`."""
    return DiscordPyPatch(standin.base_url, standin.gateway_url, fast_server_error_retries=fast_server_error_retries)
