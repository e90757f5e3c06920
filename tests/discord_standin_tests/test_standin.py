"""The real discord.py 2.7 against the Discord stand-in: login, gateway, commands, interactions, messages,
nonces, rate limits, reactions, reconnects. These prove the stand-in speaks Discord well enough that tests
of our adapter mean something — and pin the Discord behaviours the adapter relies on.
"""

from __future__ import annotations

import asyncio
import math
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import pytest
import pytest_asyncio

from tests.discord_standin import DiscordStandIn, import_discord
from tests.discord_standin import payloads as p

import_discord()  # first import without Python 3.11's audioop DeprecationWarning (warnings are errors here)
import discord  # noqa: E402
from discord import app_commands  # noqa: E402

pytestmark = pytest.mark.e2e

TIMEOUT = 5.0
T = TypeVar("T")


class RecordingClient(discord.Client):
    """A discord.Client with one guild command group that queues every event it dispatches."""

    def __init__(self, guild_id: int, intents: Any = None) -> None:
        if intents is None:
            intents = discord.Intents.none()
            intents.guilds = True
            intents.guild_reactions = True
        super().__init__(intents=intents, guild_ready_timeout=0.05)
        self.events: defaultdict[str, asyncio.Queue[tuple[Any, ...]]] = defaultdict(asyncio.Queue)
        self.invocations: list[discord.Interaction] = []
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(self._group(), guild=discord.Object(guild_id))
        self.connect_task: asyncio.Task[None] | None = None

    def _group(self) -> Any:
        group = app_commands.Group(name="netgroup", description="Networking groups")
        invocations = self.invocations

        @group.command(name="join", description="Join a section")
        @app_commands.describe(section="The section to join")
        async def join(interaction: discord.Interaction, section: str) -> None:
            invocations.append(interaction)
            await interaction.response.send_message(f"Joined {section}", ephemeral=True)

        @join.autocomplete("section")
        async def sections(interaction: discord.Interaction, current: str) -> list[Any]:
            names = ["data", "design", "devops"]
            return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

        @group.command(name="report", description="A slow answer")
        async def report(interaction: discord.Interaction) -> None:
            invocations.append(interaction)
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("Report ready", ephemeral=True)

        @group.command(name="list", description="A public answer and more")
        async def listing(interaction: discord.Interaction) -> None:
            invocations.append(interaction)
            await interaction.response.send_message("Sections: data, design")
            await interaction.followup.send("Only you see this", ephemeral=True)

        return group

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every re-IDENTIFY; tests of invalidated sessions skip that."""

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        self.events[event].put_nowait(args)
        super().dispatch(event, *args, **kwargs)

    async def next_event(self, name: str) -> tuple[Any, ...]:
        return await self.within(self.events[name].get())

    async def within(self, awaitable: Awaitable[T]) -> T:
        """Awaits with a timeout, failing at once (with its exception) if the client's connect task ends."""
        waiting = asyncio.ensure_future(awaitable)
        assert self.connect_task is not None
        done, _ = await asyncio.wait({waiting, self.connect_task}, timeout=TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if waiting in done:
            return waiting.result()
        waiting.cancel()
        if self.connect_task in done:
            self.connect_task.result()
            raise AssertionError("discord.py's connect() returned early")
        raise TimeoutError("timed out waiting on discord.py")


@dataclass
class Env:
    standin: DiscordStandIn
    guild_id: int
    channel_id: int
    alice: int
    bob: int


@pytest_asyncio.fixture
async def env() -> AsyncIterator[Env]:
    standin = DiscordStandIn()
    guild_id = standin.add_guild("Test Guild")
    alice = standin.add_user("alice")
    bob = standin.add_user("bob")
    standin.add_member(guild_id, alice)
    standin.add_member(guild_id, bob)
    channel_id = int(standin.channel_named(guild_id, "general")["id"])  # type: ignore[index]
    await standin.start()
    try:
        with standin.patch_discord_py(fast_server_error_retries=True):
            yield Env(standin, guild_id, channel_id, alice, bob)
    finally:
        await standin.stop()


async def start_client(env: Env, client: RecordingClient, *, wait_ready: bool = True) -> RecordingClient:
    await client.login(env.standin.token)
    client.connect_task = asyncio.create_task(client.connect())
    if wait_ready:
        await client.within(client.wait_until_ready())
    return client


async def stop_client(client: RecordingClient) -> None:
    await client.close()
    if client.connect_task is not None:
        await asyncio.wait_for(client.connect_task, TIMEOUT)  # surfaces anything that broke the client


@pytest_asyncio.fixture
async def bot(env: Env) -> AsyncIterator[RecordingClient]:
    client = RecordingClient(env.guild_id)
    try:
        yield await start_client(env, client)
    finally:
        await stop_client(client)


def text_channel(bot: RecordingClient, env: Env) -> Any:
    channel = bot.get_channel(env.channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


# --- login, gateway -------------------------------------------------------------------------------------------


async def test_login_identifies_with_only_the_requested_intents_and_gets_ready(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    assert [(c.method, c.path) for c in standin.calls[:2]] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]
    assert standin.calls[0].headers["Authorization"] == f"Bot {standin.token}"
    assert standin.intents == p.GUILDS | p.GUILD_MESSAGE_REACTIONS
    assert (standin.identify_count, standin.resume_count) == (1, 0)
    assert bot.user is not None
    assert bot.user.id == standin.bot_user_id
    assert bot.application_id == standin.application_id
    guild = bot.get_guild(env.guild_id)
    assert guild is not None
    assert guild.name == "Test Guild"
    assert [c.name for c in guild.text_channels] == ["general"]
    assert guild.me is not None
    assert guild.me.guild_permissions.manage_roles
    assert guild.member_count == 4  # owner, bot, alice, bob — only the bot is cached without presences
    # discord.py asked for zlib-stream and decompressed it; the first heartbeat was acknowledged.
    assert standin.gateway_connections[0].query.get("compress") == "zlib-stream"
    assert standin.heartbeats >= 1
    assert math.isfinite(bot.latency)
    assert standin.unknown_routes == []


async def test_a_wrong_token_fails_login(env: Env) -> None:
    client = discord.Client(intents=discord.Intents.none())
    try:
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        await client.close()
    assert env.standin.calls[0].status == 401


async def test_privileged_intents_are_refused_unless_enabled_in_the_portal(env: Env) -> None:
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    client = RecordingClient(env.guild_id, intents)
    await start_client(env, client, wait_ready=False)
    assert client.connect_task is not None
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await asyncio.wait_for(client.connect_task, TIMEOUT)
    await client.close()


async def test_dropping_the_socket_leads_to_resume_and_replays_what_was_missed(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    message = await text_channel(bot, env).send("React to me")
    standin.hold_connections()
    await standin.drop_connection()  # close code 4000: resumable
    await bot.next_event("disconnect")
    # The bot is certainly offline now: Discord keeps the event for the session.
    seq = await standin.add_reaction(env.channel_id, message.id, "👍", env.alice)
    assert seq is not None
    standin.release_connections()
    await bot.next_event("resumed")
    (payload,) = await bot.next_event("raw_reaction_add")
    assert (payload.user_id, payload.message_id, str(payload.emoji)) == (env.alice, message.id, "👍")
    assert (standin.identify_count, standin.resume_count) == (1, 1)
    resumed_on = standin.gateway_connections[-1]
    assert resumed_on.path == "/resume"  # READY's resume_gateway_url
    assert [f["t"] for f in resumed_on.sent if f["op"] == 0] == ["MESSAGE_REACTION_ADD", "RESUMED"]
    assert standin.resumes[0]["seq"] == seq - 1


async def test_reconnect_requests_and_sockets_cut_without_a_close_frame_resume(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    await standin.send_reconnect()  # opcode 7
    await bot.next_event("resumed")
    await standin.drop_connection(code=None)  # TCP abort, no close frame
    await bot.next_event("resumed")
    assert (standin.identify_count, standin.resume_count) == (1, 2)


async def test_an_invalidated_session_makes_the_bot_identify_again(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    await standin.invalidate_session(resumable=False)  # opcode 9, d=false
    await standin.wait_until(lambda: standin.identify_count == 2 and standin.connected)
    assert standin.resume_count == 0
    await standin.add_reaction(env.channel_id, (await text_channel(bot, env).send("x")).id, "👍", env.alice)
    (payload,) = await bot.next_event("raw_reaction_add")
    assert payload.user_id == env.alice


async def test_a_clean_close_ends_the_session_and_the_next_start_identifies(env: Env) -> None:
    first = await start_client(env, RecordingClient(env.guild_id))
    await stop_client(first)
    await env.standin.wait_until(lambda: not env.standin.connected)
    second = await start_client(env, RecordingClient(env.guild_id))
    try:
        assert (env.standin.identify_count, env.standin.resume_count) == (2, 0)
    finally:
        await stop_client(second)


async def test_events_the_intents_exclude_are_not_sent(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    posted = await standin.post_message(env.channel_id, env.alice, "hello bot")
    assert standin.filtered_events == [("MESSAGE_CREATE", standin.filtered_events[0][1])]
    assert standin.messages_in(env.channel_id)[-1]["id"] == posted["id"]
    # Without the MESSAGE_CONTENT portal switch others' messages come back without content.
    fetched = await bot.http.get_message(env.channel_id, posted["id"])
    assert fetched["content"] == ""


# --- application commands and interactions --------------------------------------------------------------------


async def test_tree_sync_puts_the_guild_commands_and_each_write_is_counted(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    synced = await bot.tree.sync(guild=discord.Object(env.guild_id))
    assert [c.name for c in synced] == ["netgroup"]
    stored = standin.guild_commands(env.guild_id)
    assert [c["name"] for c in stored] == ["netgroup"]
    assert [o["name"] for o in stored[0]["options"]] == ["join", "report", "list"]
    assert stored[0]["guild_id"] == str(env.guild_id)
    assert (standin.command_writes(env.guild_id), standin.command_writes(None)) == (1, 0)
    again = await bot.tree.sync(guild=discord.Object(env.guild_id))
    assert again[0].id == synced[0].id  # same name, same id, as on Discord
    assert standin.command_writes(env.guild_id) == 2
    assert [c.method for c in standin.calls_to("*", "/applications/*/guilds/*/commands")] == ["PUT", "PUT"]


async def test_a_slash_command_runs_and_its_ephemeral_answer_reaches_discord(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    await bot.tree.sync(guild=discord.Object(env.guild_id))
    record = await standin.dispatch_slash_command(
        "netgroup join", {"section": "design"}, channel_id=env.channel_id, user_id=env.alice
    )
    await standin.wait_for_response(record)
    assert record.response_type == p.CALLBACK_CHANNEL_MESSAGE
    assert record.response_data["content"] == "Joined design"
    assert record.response_data["flags"] == p.FLAG_EPHEMERAL
    assert record.ephemeral
    assert standin.interaction_responses[-1]["with_response"] is True
    (interaction,) = bot.invocations
    assert (interaction.user.id, interaction.guild_id, interaction.channel_id) == (
        env.alice,
        env.guild_id,
        env.channel_id,
    )
    assert interaction.command is not None
    assert interaction.command.qualified_name == "netgroup join"
    original = standin.interaction_message(record)
    assert original is not None
    assert original["flags"] & p.FLAG_EPHEMERAL
    assert standin.messages_in(env.channel_id) == []  # ephemeral: not in the channel


async def test_a_deferred_answer_is_completed_by_the_first_followup(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    await bot.tree.sync(guild=discord.Object(env.guild_id))
    record = await standin.dispatch_slash_command("netgroup report", channel_id=env.channel_id, user_id=env.bob)
    await standin.wait_for_calls("POST", f"/webhooks/{standin.application_id}/*")
    assert record.response_type == p.CALLBACK_DEFERRED_CHANNEL_MESSAGE
    original = standin.interaction_message(record)
    assert original is not None
    assert original["content"] == "Report ready"
    assert original["flags"] == p.FLAG_EPHEMERAL  # the "thinking…" flag is gone
    assert record.followup_ids == [int(original["id"])]


async def test_a_public_answer_is_in_the_channel_and_a_followup_is_a_new_message(
    bot: RecordingClient, env: Env
) -> None:
    standin = env.standin
    await bot.tree.sync(guild=discord.Object(env.guild_id))
    record = await standin.dispatch_slash_command("netgroup list", channel_id=env.channel_id, user_id=env.alice)
    await standin.wait_for_calls("POST", f"/webhooks/{standin.application_id}/*")
    assert not record.ephemeral
    (public,) = standin.messages_in(env.channel_id)
    assert public["content"] == "Sections: data, design"
    assert public["type"] == p.MESSAGE_CHAT_INPUT_COMMAND
    assert public["interaction_metadata"]["user"]["id"] == str(env.alice)
    (followup,) = standin.followup_messages(record)
    assert (followup["content"], followup["flags"]) == ("Only you see this", p.FLAG_EPHEMERAL)
    assert followup["id"] != public["id"]


async def test_autocomplete_offers_choices(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    await bot.tree.sync(guild=discord.Object(env.guild_id))
    record = await standin.dispatch_autocomplete(
        "netgroup join", {}, "section", channel_id=env.channel_id, user_id=env.alice
    )
    await standin.wait_for_response(record)
    assert record.response_type == p.CALLBACK_AUTOCOMPLETE_RESULT
    assert [c["value"] for c in record.choices] == ["data", "design", "devops"]


async def test_an_answer_after_the_deadline_is_an_unknown_interaction(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    standin.interaction_deadline = 0.0
    await bot.tree.sync(guild=discord.Object(env.guild_id))
    record = await standin.dispatch_slash_command(
        "netgroup join", {"section": "data"}, channel_id=env.channel_id, user_id=env.alice
    )
    (call,) = await standin.wait_for_calls("POST", f"/interactions/{record.id}/*/callback")
    assert call.status == 404
    assert not record.responded


async def test_only_synced_commands_can_be_dispatched(env: Env) -> None:
    with pytest.raises(LookupError):
        await env.standin.dispatch_slash_command("netgroup join", channel_id=env.channel_id, user_id=env.alice)


# --- messages, nonces and rate limits ---------------------------------------------------------------------------


async def test_a_nonce_dedupes_a_create_that_discord_made_before_answering_502(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    path = f"/channels/{env.channel_id}/messages"
    fault = standin.inject_server_error("POST", path, status=502, after=True)
    sent = await text_channel(bot, env).send("Meeting on Friday", nonce="outbox-17")
    assert fault.hits == 1
    assert [c.status for c in standin.calls_to("POST", path)] == [502, 200]  # discord.py retried the POST
    stored = standin.messages_in(env.channel_id)
    assert [m["content"] for m in stored] == ["Meeting on Friday"]
    assert sent.id == int(stored[0]["id"])
    # Messageable.send adds a random nonce of its own; the raw HTTP call does not, and the same failure
    # then leaves a duplicate behind.
    standin.inject_server_error("POST", path, status=502, after=True)
    with discord.http.handle_message_parameters(content="No nonce") as params:
        await bot.http.send_message(env.channel_id, params=params)
    assert [m["content"] for m in standin.messages_in(env.channel_id)] == ["Meeting on Friday", "No nonce", "No nonce"]
    automatic = standin.inject_server_error("POST", path, status=502, after=True)
    await text_channel(bot, env).send("Automatic nonce")
    assert automatic.calls[0].json["enforce_nonce"] is True
    assert [m["content"] for m in standin.messages_in(env.channel_id)].count("Automatic nonce") == 1


async def test_a_per_route_429_is_waited_out_and_the_message_arrives_once(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    path = f"/channels/{env.channel_id}/messages"
    standin.inject_rate_limit("POST", path, retry_after=0.05)
    await text_channel(bot, env).send("Once", nonce="rl-1")
    assert [(c.status, c.answered_by) for c in standin.calls_to("POST", path)] == [(429, "fault"), (200, "handler")]
    assert [m["content"] for m in standin.messages_in(env.channel_id)] == ["Once"]


async def test_a_global_429_is_waited_out_and_the_message_arrives_once(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    path = f"/channels/{env.channel_id}/messages"
    standin.inject_global_rate_limit("POST", path, retry_after=0.05)
    await text_channel(bot, env).send("Once", nonce="rl-2")
    assert [c.status for c in standin.calls_to("POST", path)] == [429, 200]
    assert [m["content"] for m in standin.messages_in(env.channel_id)] == ["Once"]


async def test_the_global_rate_limiter_answers_429s_and_nothing_is_lost(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    standin.set_global_rate_limit(10, per=0.1)
    channel = text_channel(bot, env)
    await asyncio.gather(*(channel.send(f"m{i}", nonce=f"burst-{i}") for i in range(25)))
    contents = sorted(m["content"] for m in standin.messages_in(env.channel_id))
    assert contents == sorted(f"m{i}" for i in range(25))
    assert any(c.answered_by == "global_rate_limit" for c in standin.calls)


async def test_route_buckets_send_real_headers_and_discord_py_honours_them(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    path = f"/channels/{env.channel_id}/messages"
    standin.set_route_rate_limit("POST", path, limit=3, per=0.1)
    channel = text_channel(bot, env)
    for i in range(7):
        await channel.send(f"n{i}", nonce=f"bucket-{i}")
    assert [m["content"] for m in standin.messages_in(env.channel_id)] == [f"n{i}" for i in range(7)]
    # Sequential sends: discord.py waits when X-RateLimit-Remaining hits 0 instead of provoking 429s.
    assert all(c.status == 200 for c in standin.calls_to("POST", path))


async def test_message_limits_are_enforced_like_discord(bot: RecordingClient, env: Env) -> None:
    channel = text_channel(bot, env)
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert (too_long.value.status, too_long.value.code) == (400, 50035)
    with pytest.raises(discord.HTTPException) as big_embed:
        await channel.send(embed=discord.Embed(title="t" * 257))
    assert big_embed.value.code == 50035
    assert env.standin.messages_in(env.channel_id) == []


async def test_edit_history_and_message_fetch(bot: RecordingClient, env: Env) -> None:
    channel = text_channel(bot, env)
    first = await channel.send("first")
    second = await channel.send("second")
    await first.edit(content="first, edited")
    history = [m async for m in channel.history(limit=10)]
    assert [m.id for m in history] == [second.id, first.id]  # newest first
    assert history[1].content == "first, edited"
    assert history[1].edited_at is not None
    older = [m async for m in channel.history(limit=10, after=first)]
    assert [m.id for m in older] == [second.id]


# --- reactions -----------------------------------------------------------------------------------------------


async def test_a_users_reaction_fires_on_raw_reaction_add(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    message = await text_channel(bot, env).send("RSVP here")
    await standin.add_reaction(env.channel_id, message.id, "✅", env.alice)
    (payload,) = await bot.next_event("raw_reaction_add")
    assert (payload.user_id, payload.channel_id, payload.guild_id) == (env.alice, env.channel_id, env.guild_id)
    assert payload.emoji.name == "✅"
    assert payload.member is not None
    assert payload.member.id == env.alice
    assert payload.message_author_id == standin.bot_user_id
    await standin.remove_reaction(env.channel_id, message.id, "✅", env.alice)
    (removed,) = await bot.next_event("raw_reaction_remove")
    assert removed.user_id == env.alice
    assert standin.reactions_on(message.id) == {}


async def test_the_bots_own_reactions_are_stored_listed_and_echoed(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    message = await text_channel(bot, env).send("Pick one")
    await message.add_reaction("✅")
    await standin.add_reaction(env.channel_id, message.id, "✅", env.bob)
    assert standin.reactions_on(message.id) == {"✅": [standin.bot_user_id, env.bob]}
    (echo,) = await bot.next_event("raw_reaction_add")  # Discord tells the bot about its own reaction too
    assert echo.user_id == standin.bot_user_id
    users = await bot.http.get_reaction_users(env.channel_id, message.id, "✅", 100)
    assert sorted(int(u["id"]) for u in users) == sorted([standin.bot_user_id, env.bob])
    fetched = await text_channel(bot, env).fetch_message(message.id)
    assert [(str(r.emoji), r.count, r.me) for r in fetched.reactions] == [("✅", 2, True)]
    with pytest.raises(discord.HTTPException) as bad:
        await message.add_reaction(":white_check_mark:")
    assert bad.value.code == 10014


# --- guild structure, roles, DMs -------------------------------------------------------------------------------


async def test_channels_roles_and_member_roles(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    guild = bot.get_guild(env.guild_id)
    assert guild is not None
    category = await guild.create_category("Sections")
    channel = await guild.create_text_channel("Design Ops", category=category, topic="Design operations")
    assert channel.name == "design-ops"  # Discord normalises text channel names
    assert channel.category_id == category.id
    await bot.next_event("guild_channel_create")  # CHANNEL_CREATE keeps the cache in step
    assert guild.get_channel(channel.id) is not None
    stored = standin.channel(channel.id)
    assert (stored["parent_id"], stored["topic"]) == (str(category.id), "Design operations")
    role = await guild.create_role(name="Design Ops", mentionable=False)
    assert standin.role_named(env.guild_id, "Design Ops") is not None
    await bot.http.add_role(env.guild_id, env.alice, role.id)
    assert standin.member_roles(env.guild_id, env.alice) == [role.id]
    await bot.http.remove_role(env.guild_id, env.alice, role.id)
    assert standin.member_roles(env.guild_id, env.alice) == []
    with pytest.raises(discord.NotFound):
        await bot.http.add_role(env.guild_id, env.alice, 1234)


async def test_the_bots_guilds_and_roles_moved_or_changed_by_an_admin(bot: RecordingClient, env: Env) -> None:
    """GET /users/@me/guilds lists the bot's guilds; edit_role changes a role's permissions and moves it."""
    standin = env.standin
    guilds = [guild async for guild in bot.fetch_guilds()]
    assert [(guild.id, guild.name) for guild in guilds] == [(env.guild_id, "Test Guild")]
    board = standin.add_role(env.guild_id, "Board")
    bot_role = standin.bot_role_id(env.guild_id)
    roles = {role["name"]: role for role in standin.roles_in(env.guild_id)}
    assert roles["Board"]["position"] < roles["netgroups"]["position"]  # a new role lands just above @everyone
    standin.edit_role(env.guild_id, board, position=5, permissions=p.VIEW_CHANNEL)
    roles = {role["name"]: role for role in standin.roles_in(env.guild_id)}
    assert roles["Board"]["position"] > roles["netgroups"]["position"]
    assert roles["Board"]["permissions"] == str(p.VIEW_CHANNEL)
    standin.edit_role(env.guild_id, bot_role, permissions=p.BOT_PERMISSIONS & ~p.MANAGE_ROLES)
    member = await (await bot.fetch_guild(env.guild_id)).fetch_member(standin.bot_user_id)
    assert not member.guild_permissions.manage_roles


async def test_direct_messages_and_closed_dms(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    alice = await bot.fetch_user(env.alice)
    await alice.send("Your meeting starts soon")
    dm_id = standin.dm_channel_id(env.alice)
    assert dm_id is not None
    assert [m["content"] for m in standin.messages_in(dm_id)] == ["Your meeting starts soon"]
    standin.close_dms(env.bob)
    bob = await bot.fetch_user(env.bob)
    with pytest.raises(discord.Forbidden) as refused:
        await bob.send("hello")
    assert refused.value.code == 50007


# --- the stand-in itself ------------------------------------------------------------------------------------


async def test_json_is_served_with_the_exact_content_type_and_unknown_routes_are_recorded(env: Env) -> None:
    standin = env.standin
    headers = {"Authorization": f"Bot {standin.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(standin.base_url + "/users/@me", headers=headers) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["id"] == str(standin.bot_user_id)
        async with session.get(standin.base_url + "/no/such/route", headers=headers) as response:
            assert response.status == 404
    assert [c.path for c in standin.unknown_routes] == ["/no/such/route"]


async def test_a_connection_lost_after_the_create_and_a_retry_with_the_same_nonce(
    bot: RecordingClient, env: Env
) -> None:
    standin = env.standin
    path = f"/channels/{env.channel_id}/messages"
    standin.inject("POST", path, after=True, disconnect=True)
    # A POST is not retried by aiohttp (a GET on a reused connection would be, once, transparently).
    with (
        pytest.raises(aiohttp.ServerDisconnectedError),
        discord.http.handle_message_parameters(content="Agenda", nonce="outbox-9") as params,
    ):
        await bot.http.send_message(env.channel_id, params=params)
    with discord.http.handle_message_parameters(content="Agenda", nonce="outbox-9") as params:
        retried = await bot.http.send_message(env.channel_id, params=params)
    (stored,) = standin.messages_in(env.channel_id)
    assert retried["id"] == stored["id"]


async def test_injected_errors_surface_as_discord_py_exceptions(bot: RecordingClient, env: Env) -> None:
    standin = env.standin
    path = f"/channels/{env.channel_id}/messages"
    standin.inject("POST", path, status=403, body=p.error_body(p.MISSING_PERMISSIONS))
    with pytest.raises(discord.Forbidden) as forbidden:
        await text_channel(bot, env).send("nope")
    assert forbidden.value.code == 50013
    standin.inject("POST", path, status=500, times=5)
    with pytest.raises(discord.DiscordServerError):
        await text_channel(bot, env).send("server down")
    assert len(standin.calls_to("POST", path)) == 6  # one 403, five 500s: discord.py gives up after 5 tries
    assert standin.messages_in(env.channel_id) == []
