"""The ChatGateway port on Discord, through discord.py's HTTP client.

Every send carries ``allowed_mentions`` that parse nothing and a nonce derived from the outbox
row with ``enforce_nonce``, so a retried create returns the first message instead of a second.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import aiohttp
import discord
from discord.http import handle_message_parameters

from adapters.discord.render import embeds_for
from bot.commands.context import Services
from bot.ports import DeliveryError, Destination, Post, ReactionSnapshot, SentMessage
from bot.services.platform_state import PlatformStateService

log = logging.getLogger(__name__)

PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()
_HISTORY_LOOKBACK = 50
#: DM channel ids opened before they are stored, at most (see ``_channel_for``).
_DM_CHANNELS_PER_SAVE = 50


class DiscordGateway:
    platform = PLATFORM
    #: discord.py queues requests under the global and per-route limits itself: with a few deliveries
    #: on their way at once the bot keeps up with 50 requests/s instead of waiting on its own database work.
    max_in_flight = 4

    def __init__(
        self,
        client: discord.Client,
        services: Services,
        section_channel: Callable[[int], Awaitable[str]],
        state: PlatformStateService,
    ) -> None:
        self._client = client
        self._services = services
        self._section_channel = section_channel
        self._state = state
        self._dm_channels: dict[int, str] = {}
        #: DM channels opened but not stored yet, by platform_state key; stored a batch at a time.
        self._unsaved_dm_channels: dict[str, str] = {}

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        channel = await self._channel_for(destination)
        parts = embeds_for(self._services.translator, post.locale, post.content, footer=post.marker)
        first: dict[str, object] | None = None
        for index, embeds in enumerate(parts):
            nonce = idempotency_key if index == 0 else f"{idempotency_key}-{index}"
            with handle_message_parameters(embeds=embeds, nonce=nonce, allowed_mentions=NO_MENTIONS) as params:
                created = await self._call(self._client.http.send_message(channel, params=params))
            first = first or created
        assert first is not None
        message = str(first["id"])
        for emoji in post.reactions:
            # The message exists now: a seed reaction that fails (no Add Reactions permission in the channel,
            # rate limits that outlast discord.py's retries) must not make the send count as failed — the
            # message would then be unknown, and members' own reactions on it would never count.
            try:
                await self._call(self._client.http.add_reaction(channel, message, emoji))
            except DeliveryError as problem:
                log.warning("could not add the seed reaction %s to message %s: %s", emoji, message, problem)
        return SentMessage(channel, message)

    async def edit(self, message: SentMessage, post: Post) -> None:
        embeds = embeds_for(self._services.translator, post.locale, post.content, footer=post.marker)[0]
        with handle_message_parameters(embeds=embeds, allowed_mentions=NO_MENTIONS) as params:
            await self._call(self._client.http.edit_message(message.channel, message.message, params=params))

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        channel = await self._channel_for(destination)
        recent = await self._call(self._client.http.logs_from(channel, _HISTORY_LOOKBACK))
        for message in recent:
            for embed in message.get("embeds", []):
                if embed.get("footer", {}).get("text") == marker:
                    return SentMessage(channel, str(message["id"]))
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        own = str(self._client.user.id) if self._client.user else ""
        found: dict[str, frozenset[str]] = {}
        fetched = await self._call(self._client.http.get_message(message.channel, message.message))
        for reaction in fetched.get("reactions", []):
            emoji = reaction["emoji"]["name"]
            users: set[str] = set()
            after: str | None = None
            while True:
                page = await self._call(
                    self._client.http.get_reaction_users(message.channel, message.message, emoji, 100, after)
                )
                users.update(str(user["id"]) for user in page)
                if len(page) < 100:
                    break
                after = str(page[-1]["id"])
            found[emoji] = frozenset(users - {own})
        return ReactionSnapshot(found)

    async def display_name(self, user: str) -> str:
        data = await self._call(self._client.http.get_user(int(user)))
        return str(data.get("global_name") or data.get("username") or user)

    async def _channel_for(self, destination: Destination) -> str:
        if destination.member_id is None:
            assert destination.section_id is not None
            return await self._section_channel(destination.section_id)
        cached = self._dm_channels.get(destination.member_id)
        if cached is not None:
            return cached
        account = await self._services.communities.account_of(destination.member_id, PLATFORM)
        if account is None:
            raise DeliveryError("the member has no Discord account", permanent=True)
        # A user's DM channel with the bot never changes: opened once, it is kept across restarts (after
        # a restart a fan-out to thousands would otherwise spend half its requests opening channels).
        key = f"dm:{account}"
        channel = await self._state.get(PLATFORM, key)
        if channel is None:
            opened = await self._call(self._client.http.start_private_message(int(account)))
            channel = str(opened["id"])
            # Stored in batches: a commit per DM would halve a fan-out's rate, and an id lost with a crash
            # only costs opening that channel once more.
            self._unsaved_dm_channels[key] = channel
            if len(self._unsaved_dm_channels) >= _DM_CHANNELS_PER_SAVE:
                await self.save_dm_channels()
        self._dm_channels[destination.member_id] = channel
        return channel

    async def save_dm_channels(self) -> None:
        """Store the DM channels opened since the last save (the adapter calls this on close too)."""
        unsaved, self._unsaved_dm_channels = self._unsaved_dm_channels, {}
        if unsaved:
            await self._state.put_many(PLATFORM, unsaved)

    async def _call(self, request: Awaitable[object]) -> dict:  # type: ignore[type-arg]
        """Turn discord.py's errors into the core's: permanent for 4xx, retry later for the rest."""
        try:
            return await request  # type: ignore[return-value]
        except discord.RateLimited as limited:
            raise DeliveryError("rate limited", retry_after=limited.retry_after) from None
        except discord.DiscordServerError as problem:
            raise DeliveryError(f"Discord answered {problem.status}") from None
        except discord.HTTPException as problem:
            if problem.status == 429:
                raise DeliveryError("rate limited") from None
            raise DeliveryError(f"Discord refused: {problem.status} {problem.text[:100]}", permanent=True) from None
        except (aiohttp.ClientError, TimeoutError) as problem:
            raise DeliveryError(f"Discord unreachable: {type(problem).__name__}") from None
