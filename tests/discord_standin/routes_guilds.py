"""REST handlers for users, the application, its commands, guilds, channels, roles and members."""

from __future__ import annotations

import copy
from typing import Any

from tests.discord_standin import payloads as p
from tests.discord_standin import permissions as perms
from tests.discord_standin.payloads import DiscordError
from tests.discord_standin.rest import Call, Reply, RestBase, _ok, _snowflake
from tests.discord_standin.validation import validate_command, validate_commands
from tests.discord_standin.world import Guild


class GuildRoutes(RestBase):
    identifies: list[dict[str, Any]]
    application_flags: int

    # --- users, application, gateway -----------------------------------------------------------------------
    async def _get_gateway(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok({"url": str(self.gateway_url)})

    async def _get_gateway_bot(self, call: Call, params: dict[str, str]) -> Reply:
        limit = {"total": 1000, "remaining": 1000 - len(self.identifies), "reset_after": 0, "max_concurrency": 1}
        return _ok({"url": str(self.gateway_url), "shards": 1, "session_start_limit": limit})

    def _me(self) -> dict[str, Any]:
        me = copy.deepcopy(self.world.users[self.bot_user_id])
        me.update({"verified": True, "mfa_enabled": False, "email": None, "locale": "en-US", "bio": ""})
        return me

    async def _get_me(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok(self._me())

    async def _my_guilds(self, call: Call, params: dict[str, str]) -> Reply:
        """The guilds the bot is in, as partial guilds (``GET /users/@me/guilds``), by id; ``limit``/``after``."""
        limit = int(call.query.get("limit", 200))
        after = int(call.query.get("after", 0))
        guilds = [g for g_id, g in sorted(self.world.guilds.items()) if g_id > after and self.bot_user_id in g.members]
        return _ok(
            [
                {
                    "id": str(guild.id),
                    "name": guild.name,
                    "icon": None,
                    "banner": None,
                    "owner": guild.owner_id == self.bot_user_id,
                    "permissions": str(self.world.permissions(guild, self.bot_user_id)),
                    "features": [],
                }
                for guild in guilds[:limit]
            ]
        )

    async def _get_user(self, call: Call, params: dict[str, str]) -> Reply:
        user_id = _snowflake(params["user_id"], p.UNKNOWN_USER)
        if user_id not in self.world.users:
            raise DiscordError(404, p.error_body(p.UNKNOWN_USER))
        return _ok(copy.deepcopy(self.world.users[user_id]))

    async def _get_application(self, call: Call, params: dict[str, str]) -> Reply:
        bot = copy.deepcopy(self.world.users[self.bot_user_id])
        owner = self.world.users[next(iter(self.world.guilds.values())).owner_id] if self.world.guilds else bot
        return _ok(
            {
                "id": str(self.application_id),
                "name": bot["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "hook": True,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": copy.deepcopy(owner),
                "team": None,
                "flags": self.application_flags,
                "bot": bot,
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "tags": [],
                "install_params": {"scopes": ["bot", "applications.commands"], "permissions": str(p.BOT_PERMISSIONS)},
                "integration_types_config": {"0": {}},
                "approximate_guild_count": len(self.world.guilds),
                "approximate_user_install_count": 0,
            }
        )

    async def _open_dm(self, call: Call, params: dict[str, str]) -> Reply:
        body = call.json or {}
        user_id = _snowflake(body.get("recipient_id"), p.UNKNOWN_USER)
        if user_id not in self.world.users:
            raise DiscordError(400, p.form_error("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake."))
        return _ok(copy.deepcopy(self.world.open_dm(user_id)))

    # --- application commands ----------------------------------------------------------------------------
    def _command_scope(self, params: dict[str, str]) -> int | None:
        if _snowflake(params["application_id"], p.UNKNOWN_WEBHOOK) != self.application_id:
            raise DiscordError(403, p.error_body(p.MISSING_PERMISSIONS))
        if "guild_id" in params:
            return self._guild(params).id
        return None

    def _stored_command(
        self, scope: int | None, raw: dict[str, Any], existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        kind = int(raw.get("type", 1))
        command: dict[str, Any] = {
            "id": existing["id"] if existing else str(self.snowflakes.next()),
            "application_id": str(self.application_id),
            "version": str(self.snowflakes.next()),
            "type": kind,
            "name": raw["name"],
            "name_localizations": raw.get("name_localizations"),
            "description": raw.get("description", "") if kind == 1 else "",
            "description_localizations": raw.get("description_localizations"),
            "options": copy.deepcopy(raw.get("options") or []),
            "default_member_permissions": raw.get("default_member_permissions"),
            "nsfw": bool(raw.get("nsfw", False)),
            "contexts": raw.get("contexts"),
            "integration_types": raw.get("integration_types") or [0],
        }
        if scope is not None:
            command["guild_id"] = str(scope)
        else:
            command["dm_permission"] = raw.get("dm_permission", True)
        return command

    async def _list_commands(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok(copy.deepcopy(self.world.commands.get(self._command_scope(params), [])))

    async def _put_commands(self, call: Call, params: dict[str, str]) -> Reply:
        scope = self._command_scope(params)
        self.world.command_writes[scope] += 1
        raw_commands = call.json if isinstance(call.json, list) else []
        validate_commands(raw_commands)
        existing = {(c["name"], int(c.get("type", 1))): c for c in self.world.commands.get(scope, [])}
        stored = [
            self._stored_command(scope, raw, existing.get((raw["name"], int(raw.get("type", 1)))))
            for raw in raw_commands
        ]
        self.world.commands[scope] = stored
        return _ok(copy.deepcopy(stored))

    async def _post_command(self, call: Call, params: dict[str, str]) -> Reply:
        scope = self._command_scope(params)
        self.world.command_writes[scope] += 1
        raw = call.json or {}
        validate_command(raw, "")
        commands = self.world.commands.setdefault(scope, [])
        key = (raw["name"], int(raw.get("type", 1)))
        existing = next((c for c in commands if (c["name"], int(c.get("type", 1))) == key), None)
        stored = self._stored_command(scope, raw, existing)
        if existing is not None:
            commands[commands.index(existing)] = stored
            return _ok(copy.deepcopy(stored), status=200)
        commands.append(stored)
        return _ok(copy.deepcopy(stored), status=201)

    def _command_by_id(self, scope: int | None, params: dict[str, str]) -> dict[str, Any]:
        for command in self.world.commands.get(scope, []):
            if command["id"] == params["command_id"]:
                return command
        raise DiscordError(404, p.error_body(p.UNKNOWN_APPLICATION_COMMAND))

    async def _get_command(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok(copy.deepcopy(self._command_by_id(self._command_scope(params), params)))

    async def _patch_command(self, call: Call, params: dict[str, str]) -> Reply:
        scope = self._command_scope(params)
        self.world.command_writes[scope] += 1
        command = self._command_by_id(scope, params)
        merged = {**command, **(call.json or {})}
        validate_command(merged, "")
        command.update(self._stored_command(scope, merged, command))
        return _ok(copy.deepcopy(command))

    async def _delete_command(self, call: Call, params: dict[str, str]) -> Reply:
        scope = self._command_scope(params)
        self.world.command_writes[scope] += 1
        command = self._command_by_id(scope, params)
        self.world.commands[scope].remove(command)
        return _ok()

    # --- guilds, channels, roles, members -----------------------------------------------------------------
    async def _get_guild(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        return _ok(self.world.guild_payload(guild, with_counts=call.query.get("with_counts") == "true"))

    async def _list_channels(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok([copy.deepcopy(c) for c in self._guild(params).channels.values()])

    async def _create_channel(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        body = call.json or {}
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 100:
            raise DiscordError(
                400, p.form_error("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            )
        kind = int(body.get("type") or p.GUILD_TEXT)
        if kind not in (p.GUILD_TEXT, p.GUILD_VOICE, p.GUILD_CATEGORY, p.GUILD_ANNOUNCEMENT, 13, p.GUILD_FORUM, 16):
            raise DiscordError(
                400, p.form_error("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 15, 16}.")
            )
        parent_id = body.get("parent_id")
        if parent_id is not None:
            parent = guild.channels.get(int(parent_id))
            if kind == p.GUILD_CATEGORY or parent is None or parent["type"] != p.GUILD_CATEGORY:
                raise DiscordError(400, p.form_error("parent_id", "CHANNEL_PARENT_INVALID", "Not a category"))
        topic = body.get("topic")
        if topic is not None and len(topic) > 1024:
            raise DiscordError(400, p.form_error("topic", "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length."))
        channel = self.world.add_channel(
            guild.id,
            name,
            kind=kind,
            parent_id=None if parent_id is None else int(parent_id),
            topic=topic,
            position=body.get("position"),
            overwrites=body.get("permission_overwrites"),
            nsfw=bool(body.get("nsfw", False)),
            rate_limit_per_user=int(body.get("rate_limit_per_user") or 0),
        )
        await self._emit("CHANNEL_CREATE", copy.deepcopy(channel))
        return _ok(copy.deepcopy(channel), status=201)

    async def _get_channel(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok(copy.deepcopy(self._channel(params)[1]))

    async def _edit_channel(self, call: Call, params: dict[str, str]) -> Reply:
        channel_id, channel = self._channel(params)
        body = call.json or {}
        guild = self.world.guild_of_channel(channel_id)
        if guild is not None:
            self._may_edit_channel(guild, channel, body)
        for key in ("name", "topic", "position", "nsfw", "rate_limit_per_user"):
            if key in body:
                value = body[key]
                if key == "name" and channel["type"] in p.NAME_NORMALISED_CHANNEL_TYPES:
                    value = p.normalise_channel_name(value)
                channel[key] = value
        if "parent_id" in body:
            channel["parent_id"] = None if body["parent_id"] is None else str(body["parent_id"])
        if "permission_overwrites" in body:
            channel["permission_overwrites"] = [self.world._overwrite(o) for o in body["permission_overwrites"]]
        if channel.get("guild_id"):
            await self._emit("CHANNEL_UPDATE", copy.deepcopy(channel))
        return _ok(copy.deepcopy(channel))

    def _may_edit_channel(self, guild: Guild, channel: dict[str, Any], body: dict[str, Any]) -> None:
        """Manage Channels; a parent that is a category of the same guild; for overwrites, Manage Roles and only the
        permissions the bot has (Discord's rules for Modify Channel)."""
        perms.require(self.world, guild, channel, self.bot_user_id, p.MANAGE_CHANNELS)
        parent_id = body.get("parent_id")
        if parent_id is not None:
            parent = guild.channels.get(int(parent_id))
            if channel["type"] == p.GUILD_CATEGORY or parent is None or parent["type"] != p.GUILD_CATEGORY:
                raise DiscordError(400, p.form_error("parent_id", "CHANNEL_PARENT_INVALID", "Not a category"))
        if "permission_overwrites" in body:
            before = {(int(o["type"]), str(o["id"])): o for o in channel.get("permission_overwrites", [])}
            changed = [
                o
                for o in (self.world._overwrite(o) for o in body["permission_overwrites"])
                if before.get((o["type"], o["id"])) != o
            ]
            perms.may_set_overwrites(self.world, guild, channel, self.bot_user_id, changed)

    async def _put_overwrite(self, call: Call, params: dict[str, str]) -> Reply:
        """PUT /channels/{id}/permissions/{overwrite id}: one role's (type 0) or member's (type 1) overwrite."""
        channel_id, channel = self._channel(params)
        guild = self.world.guild_of_channel(channel_id)
        if guild is None:
            raise DiscordError(400, p.error_body(p.INVALID_DM_ACTION))
        body = call.json if isinstance(call.json, dict) else {}
        kind = body.get("type")
        if kind not in (perms.ROLE, perms.MEMBER):
            raise DiscordError(400, p.form_error("type", "BASE_TYPE_CHOICES", "Value must be one of (0, 1)."))
        target = _snowflake(params["overwrite_id"], p.UNKNOWN_OVERWRITE)
        if (kind == perms.ROLE and target not in guild.roles) or (kind == perms.MEMBER and target not in guild.members):
            raise DiscordError(404, p.error_body(p.UNKNOWN_ROLE if kind == perms.ROLE else p.UNKNOWN_MEMBER))
        overwrite = self.world._overwrite({**body, "id": target})
        perms.may_set_overwrites(self.world, guild, channel, self.bot_user_id, [overwrite])
        others = [o for o in channel["permission_overwrites"] if str(o["id"]) != str(target)]
        channel["permission_overwrites"] = [*others, overwrite]
        await self._emit("CHANNEL_UPDATE", copy.deepcopy(channel))
        return _ok()

    async def _delete_overwrite(self, call: Call, params: dict[str, str]) -> Reply:
        """DELETE /channels/{id}/permissions/{overwrite id}: 404 Unknown Overwrite when there is none."""
        channel_id, channel = self._channel(params)
        guild = self.world.guild_of_channel(channel_id)
        if guild is None:
            raise DiscordError(400, p.error_body(p.INVALID_DM_ACTION))
        target = str(_snowflake(params["overwrite_id"], p.UNKNOWN_OVERWRITE))
        if not any(str(o["id"]) == target for o in channel["permission_overwrites"]):
            raise DiscordError(404, p.error_body(p.UNKNOWN_OVERWRITE))
        perms.require(self.world, guild, channel, self.bot_user_id, p.MANAGE_ROLES)
        channel["permission_overwrites"] = [o for o in channel["permission_overwrites"] if str(o["id"]) != target]
        await self._emit("CHANNEL_UPDATE", copy.deepcopy(channel))
        return _ok()

    async def _delete_channel(self, call: Call, params: dict[str, str]) -> Reply:
        channel_id, channel = self._channel(params)
        guild = self.world.guild_of_channel(channel_id)
        if guild is not None:
            del guild.channels[channel_id]
            del self.world.channel_guild[channel_id]
            await self._emit("CHANNEL_DELETE", copy.deepcopy(channel))
        return _ok(copy.deepcopy(channel))

    async def _typing(self, call: Call, params: dict[str, str]) -> Reply:
        self._channel(params)
        return _ok()

    async def _list_roles(self, call: Call, params: dict[str, str]) -> Reply:
        return _ok([copy.deepcopy(r) for r in self._guild(params).roles.values()])

    async def _create_role(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        body = call.json or {}
        name = body.get("name", "new role")
        if not isinstance(name, str) or len(name) > 100:
            raise DiscordError(400, p.form_error("name", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."))
        permissions = body.get("permissions")
        role = self.world.add_role(
            guild.id,
            name,
            permissions=None if permissions is None else int(permissions),
            color=int(body.get("color") or 0),
            hoist=bool(body.get("hoist", False)),
            mentionable=bool(body.get("mentionable", False)),
        )
        await self._emit("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": copy.deepcopy(role)})
        return _ok(copy.deepcopy(role))

    async def _edit_role(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        role = guild.roles[self._role(guild, params)]
        body = call.json or {}
        for key in ("name", "color", "hoist", "mentionable"):
            if key in body:
                role[key] = body[key]
        if "permissions" in body:
            role["permissions"] = str(body["permissions"])
        await self._emit("GUILD_ROLE_UPDATE", {"guild_id": str(guild.id), "role": copy.deepcopy(role)})
        return _ok(copy.deepcopy(role))

    async def _delete_role(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        role_id = self._role(guild, params)
        del guild.roles[role_id]
        for member in guild.members.values():
            if role_id in member.roles:
                member.roles.remove(role_id)
        await self._emit("GUILD_ROLE_DELETE", {"guild_id": str(guild.id), "role_id": str(role_id)})
        return _ok()

    async def _list_members(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        limit = int(call.query.get("limit", 1))
        after = int(call.query.get("after", 0))
        ids = sorted(uid for uid in guild.members if uid > after)[:limit]
        return _ok([self.world.member_payload(guild, uid) for uid in ids])

    async def _get_member(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        return _ok(self.world.member_payload(guild, self._member_id(guild, params)))

    async def _add_member_role(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        user_id = self._member_id(guild, params)
        role_id = self._role(guild, params)
        if role_id == guild.id or guild.roles[role_id].get("managed"):
            raise DiscordError(403, p.error_body(p.MISSING_PERMISSIONS))
        member = guild.members[user_id]
        if role_id not in member.roles:
            member.roles.append(role_id)
            await self._emit_member_update(guild, user_id)
        return _ok()

    async def _remove_member_role(self, call: Call, params: dict[str, str]) -> Reply:
        guild = self._guild(params)
        user_id = self._member_id(guild, params)
        role_id = self._role(guild, params)
        member = guild.members[user_id]
        if role_id in member.roles:
            member.roles.remove(role_id)
            await self._emit_member_update(guild, user_id)
        return _ok()

    async def _emit_member_update(self, guild: Guild, user_id: int) -> None:
        data = self.world.member_payload(guild, user_id)
        data["guild_id"] = str(guild.id)
        await self._emit("GUILD_MEMBER_UPDATE", data)
