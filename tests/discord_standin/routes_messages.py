"""REST handlers for messages (with nonce dedupe), reactions, interaction callbacks and their webhooks."""

from __future__ import annotations

import contextlib
import copy
from typing import Any

from tests.discord_standin import payloads as p
from tests.discord_standin import permissions as perms
from tests.discord_standin.payloads import DiscordError
from tests.discord_standin.rest import Call, Reply, RestBase, _ok, _snowflake
from tests.discord_standin.validation import validate_message
from tests.discord_standin.world import InteractionRecord


class MessageRoutes(RestBase):
    privileged_intents: int
    nonce_window: float
    interaction_deadline: float
    interaction_responses: list[dict[str, Any]]

    # --- messages ----------------------------------------------------------------------------------------
    def _attachments(self, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for file in files:
            attachment_id = self.snowflakes.next()
            self.world.uploads[str(attachment_id)] = file.get("data", b"")
            url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{file['filename']}"
            out.append(
                {
                    "id": str(attachment_id),
                    "filename": file["filename"],
                    "size": file["size"],
                    "url": url,
                    "proxy_url": url,
                    "content_type": file["content_type"],
                }
            )
        return out

    def _store_message(
        self,
        channel_id: int,
        author_id: int,
        body: dict[str, Any],
        *,
        files: list[dict[str, Any]] | None = None,
        kind: int = p.MESSAGE_DEFAULT,
        flags: int | None = None,
        ephemeral: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message_id = self.snowflakes.next()
        guild = self.world.guild_of_channel(channel_id)
        reference = body.get("message_reference")
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": copy.deepcopy(self.world.users[author_id]),
            "content": str(body.get("content") or ""),
            "timestamp": p.iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(files or []),
            "embeds": copy.deepcopy(body.get("embeds") or []),
            "pinned": False,
            "type": p.MESSAGE_REPLY if reference and kind == p.MESSAGE_DEFAULT else kind,
            "flags": int(body.get("flags") or 0) if flags is None else flags,
            "components": copy.deepcopy(body.get("components") or []),
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if reference:
            message["message_reference"] = {"type": 0, **reference, "channel_id": str(channel_id)}
        if extra:
            message.update(extra)
        # Bookkeeping the REST views strip: "_guild_id", "_ephemeral", "_allowed_mentions".
        message["_guild_id"] = None if guild is None else guild.id
        message["_ephemeral"] = ephemeral
        message["_allowed_mentions"] = body.get("allowed_mentions")
        self.world.messages[message_id] = message
        if not ephemeral:
            self.world.channel_messages.setdefault(channel_id, []).append(message_id)
            channel = self.world.channel(channel_id)
            if channel is not None:
                channel["last_message_id"] = str(message_id)
        return message

    def _redacted(self, message: dict[str, Any]) -> bool:
        """Without MESSAGE_CONTENT (a portal switch), others' guild messages reach the bot without content."""
        if self.privileged_intents & p.MESSAGE_CONTENT or message.get("_guild_id") is None:
            return False
        if int(message["author"]["id"]) == self.bot_user_id:
            return False
        return not any(int(m["id"]) == self.bot_user_id for m in message.get("mentions", []))

    def _message_view(self, message_id: int, *, redact: bool = True) -> dict[str, Any]:
        stored = self.world.messages[message_id]
        view = {k: copy.deepcopy(v) for k, v in stored.items() if not k.startswith("_")}
        reactions = self.world.reaction_list(message_id)
        if reactions:
            view["reactions"] = reactions
        if redact and self._redacted(stored):
            view.update({"content": "", "embeds": [], "attachments": [], "components": []})
        return view

    def _message_event(self, message_id: int) -> dict[str, Any]:
        stored = self.world.messages[message_id]
        view = self._message_view(message_id)
        guild_id = stored.get("_guild_id")
        if guild_id is not None:
            view["guild_id"] = str(guild_id)
            guild = self.world.guilds[guild_id]
            author_id = int(stored["author"]["id"])
            if author_id in guild.members:
                view["member"] = self.world.member_payload(guild, author_id, with_user=False)
        return view

    async def _create_message(self, call: Call, params: dict[str, str]) -> Reply:
        channel_id, channel = self._channel(params)
        if channel["type"] not in p.MESSAGEABLE_CHANNEL_TYPES:
            raise DiscordError(400, p.error_body(p.NON_TEXT_CHANNEL))
        if channel["type"] == p.DM and int(channel["recipients"][0]["id"]) in self.world.closed_dms:
            raise DiscordError(403, p.error_body(p.CANNOT_DM_USER))
        guild = self.world.guild_of_channel(channel_id)
        if guild is not None:  # overwrites can take Send Messages away, from the bot too (an archived channel)
            perms.require(self.world, guild, channel, self.bot_user_id, p.VIEW_CHANNEL | p.SEND_MESSAGES)
        body = call.json if isinstance(call.json, dict) else {}
        validate_message(body, call.files)
        nonce = body.get("nonce")
        key = (channel_id, self.bot_user_id, str(nonce))
        if nonce is not None and body.get("enforce_nonce"):
            seen = self.world.nonces.get(key)
            if seen is not None and self.clock() - seen[1] <= self.nonce_window and seen[0] in self.world.messages:
                # Discord's documented behaviour: the first message is returned, no new one is created.
                return _ok(self._message_view(seen[0]))
        flags = int(body.get("flags") or 0) & (p.FLAG_SUPPRESS_EMBEDS | p.FLAG_SUPPRESS_NOTIFICATIONS | (1 << 15))
        message = self._store_message(channel_id, self.bot_user_id, body, files=call.files, flags=flags)
        if nonce is not None:
            self.world.nonces[key] = (int(message["id"]), self.clock())
        await self._emit("MESSAGE_CREATE", self._message_event(int(message["id"])))
        return _ok(self._message_view(int(message["id"])))

    async def _history(self, call: Call, params: dict[str, str]) -> Reply:
        channel_id, _ = self._channel(params)
        limit = max(1, min(int(call.query.get("limit", 50)), 100))
        ids = sorted(self.world.channel_messages.get(channel_id, []))
        if "before" in call.query:
            before = int(call.query["before"])
            chosen = [i for i in ids if i < before][-limit:]
        elif "after" in call.query:
            after = int(call.query["after"])
            chosen = [i for i in ids if i > after][:limit]
        elif "around" in call.query:
            around = int(call.query["around"])
            older = [i for i in ids if i < around][-(limit // 2) :] if limit > 1 else []
            newer = [i for i in ids if i >= around][: limit - len(older)]
            chosen = older + newer
        else:
            chosen = ids[-limit:]
        return _ok([self._message_view(i) for i in sorted(chosen, reverse=True)])

    async def _get_message(self, call: Call, params: dict[str, str]) -> Reply:
        _, message_id, _ = self._stored_message(params)
        return _ok(self._message_view(message_id))

    def _apply_edit(self, message: dict[str, Any], body: dict[str, Any], files: list[dict[str, Any]]) -> None:
        validate_message(body, files, partial=True)
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = copy.deepcopy(body[key]) if body[key] is not None else ("" if key == "content" else [])
        if "allowed_mentions" in body:
            message["_allowed_mentions"] = body["allowed_mentions"]
        if "flags" in body and body["flags"] is not None:
            suppress = int(body["flags"]) & p.FLAG_SUPPRESS_EMBEDS
            message["flags"] = (message["flags"] & ~p.FLAG_SUPPRESS_EMBEDS) | suppress
        if "attachments" in body or files:
            kept_ids = {str(a.get("id")) for a in body.get("attachments") or []}
            kept = [a for a in message["attachments"] if a["id"] in kept_ids]
            message["attachments"] = kept + self._attachments(files)
        message["flags"] &= ~p.FLAG_LOADING
        message["edited_timestamp"] = p.iso_now()

    async def _edit_message(self, call: Call, params: dict[str, str]) -> Reply:
        _, message_id, message = self._stored_message(params)
        if int(message["author"]["id"]) != self.bot_user_id:
            raise DiscordError(403, p.error_body(p.CANNOT_EDIT_OTHERS_MESSAGE))
        self._apply_edit(message, call.json if isinstance(call.json, dict) else {}, call.files)
        await self._emit("MESSAGE_UPDATE", self._message_event(message_id))
        return _ok(self._message_view(message_id))

    async def _delete_message(self, call: Call, params: dict[str, str]) -> Reply:
        channel_id, message_id, message = self._stored_message(params)
        await self._forget_message(channel_id, message_id, message)
        return _ok()

    async def _forget_message(self, channel_id: int, message_id: int, message: dict[str, Any]) -> None:
        del self.world.messages[message_id]
        with contextlib.suppress(ValueError):
            self.world.channel_messages.get(channel_id, []).remove(message_id)
        self.world.reactions.pop(message_id, None)
        data: dict[str, Any] = {"id": str(message_id), "channel_id": str(channel_id)}
        if message.get("_guild_id") is not None:
            data["guild_id"] = str(message["_guild_id"])
        if not message.get("_ephemeral"):
            await self._emit("MESSAGE_DELETE", data)

    # --- reactions ---------------------------------------------------------------------------------------
    def _emoji(self, params: dict[str, str]) -> str:
        key = params["emoji"]
        if not p.valid_reaction_key(key):
            raise DiscordError(400, p.error_body(p.UNKNOWN_EMOJI))
        return key

    async def _add_own_reaction(self, call: Call, params: dict[str, str]) -> Reply:
        channel_id, message_id, _ = self._stored_message(params)
        key = self._emoji(params)
        users = self.world.reactions.setdefault(message_id, {}).setdefault(key, [])
        if self.bot_user_id not in users:
            if len(self.world.reactions[message_id]) > 20 and len(users) == 0:
                raise DiscordError(400, p.error_body((30010, "Maximum number of reactions reached (20)")))
            users.append(self.bot_user_id)
            await self._emit(
                "MESSAGE_REACTION_ADD", self._reaction_event(channel_id, message_id, key, self.bot_user_id)
            )
        return _ok()

    async def _remove_own_reaction(self, call: Call, params: dict[str, str]) -> Reply:
        return await self._remove_reaction_of(params, self.bot_user_id)

    async def _remove_user_reaction(self, call: Call, params: dict[str, str]) -> Reply:
        return await self._remove_reaction_of(params, _snowflake(params["user_id"], p.UNKNOWN_USER))

    async def _remove_reaction_of(self, params: dict[str, str], user_id: int) -> Reply:
        channel_id, message_id, _ = self._stored_message(params)
        key = self._emoji(params)
        users = self.world.reactions.get(message_id, {}).get(key, [])
        if user_id in users:
            users.remove(user_id)
            data = self._reaction_event(channel_id, message_id, key, user_id, add=False)
            await self._emit("MESSAGE_REACTION_REMOVE", data)
        return _ok()

    async def _reaction_users(self, call: Call, params: dict[str, str]) -> Reply:
        _, message_id, _ = self._stored_message(params)
        key = self._emoji(params)
        limit = max(1, min(int(call.query.get("limit", 25)), 100))
        after = int(call.query.get("after", 0))
        ids = sorted(uid for uid in self.world.reactions.get(message_id, {}).get(key, []) if uid > after)[:limit]
        return _ok([copy.deepcopy(self.world.users[uid]) for uid in ids])

    async def _clear_emoji(self, call: Call, params: dict[str, str]) -> Reply:
        _, message_id, _ = self._stored_message(params)
        self.world.reactions.get(message_id, {}).pop(self._emoji(params), None)
        return _ok()

    async def _clear_reactions(self, call: Call, params: dict[str, str]) -> Reply:
        _, message_id, _ = self._stored_message(params)
        self.world.reactions.pop(message_id, None)
        return _ok()

    # --- interactions and their webhooks -------------------------------------------------------------------
    _ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {  # noqa: RUF012
        p.PING: frozenset({p.CALLBACK_PONG}),
        p.APPLICATION_COMMAND: frozenset(
            {p.CALLBACK_CHANNEL_MESSAGE, p.CALLBACK_DEFERRED_CHANNEL_MESSAGE, p.CALLBACK_MODAL}
        ),
        p.MESSAGE_COMPONENT: frozenset({4, 5, 6, 7, 9}),
        p.APPLICATION_COMMAND_AUTOCOMPLETE: frozenset({p.CALLBACK_AUTOCOMPLETE_RESULT}),
        p.MODAL_SUBMIT: frozenset({4, 5, 6, 7}),
    }

    def _interaction_message(
        self, record: InteractionRecord, body: dict[str, Any], files: list[dict[str, Any]], *, flags: int
    ) -> dict[str, Any]:
        guild = self.world.guilds.get(record.guild_id) if record.guild_id else None
        metadata: dict[str, Any] = {
            "id": str(record.id),
            "type": record.type,
            "user": copy.deepcopy(self.world.users[record.user_id]),
            "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
            "name": record.payload["data"].get("name", ""),
        }
        return self._store_message(
            record.channel_id,
            self.bot_user_id,
            body,
            files=files,
            kind=p.MESSAGE_CHAT_INPUT_COMMAND,
            flags=flags,
            ephemeral=bool(flags & p.FLAG_EPHEMERAL),
            extra={
                "application_id": str(self.application_id),
                "webhook_id": str(self.application_id),
                "interaction_metadata": metadata,
            },
        )

    async def _interaction_callback(self, call: Call, params: dict[str, str]) -> Reply:
        interaction_id = _snowflake(params["interaction_id"], p.UNKNOWN_INTERACTION)
        record = self.world.interactions.get(interaction_id)
        if record is None or record.token != params["token"]:
            raise DiscordError(404, p.error_body(p.UNKNOWN_INTERACTION))
        if self.clock() - record.created_at > self.interaction_deadline:
            raise DiscordError(404, p.error_body(p.UNKNOWN_INTERACTION))
        if record.callback is not None:
            raise DiscordError(400, p.error_body(p.ALREADY_ACKNOWLEDGED))
        body = call.json if isinstance(call.json, dict) else {}
        kind = int(body.get("type", 0))
        if kind not in self._ALLOWED_CALLBACKS.get(record.type, frozenset()):
            raise DiscordError(
                400, p.form_error("type", "INTERACTION_CALLBACK_TYPE_INVALID", "Invalid interaction callback type")
            )
        raw_data = body.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        message: dict[str, Any] | None = None
        if kind == p.CALLBACK_CHANNEL_MESSAGE:
            validate_message(data, call.files)
            flags = int(data.get("flags") or 0) & (
                p.FLAG_EPHEMERAL | p.FLAG_SUPPRESS_EMBEDS | p.FLAG_SUPPRESS_NOTIFICATIONS
            )
            message = self._interaction_message(record, data, call.files, flags=flags)
        elif kind == p.CALLBACK_DEFERRED_CHANNEL_MESSAGE:
            flags = p.FLAG_LOADING | (int(data.get("flags") or 0) & p.FLAG_EPHEMERAL)
            message = self._interaction_message(record, {"content": ""}, [], flags=flags)
        elif kind == p.CALLBACK_AUTOCOMPLETE_RESULT:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise DiscordError(
                    400, p.form_error("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
                )
        elif kind == p.CALLBACK_UPDATE_MESSAGE and "message" in record.payload:
            target = int(record.payload["message"]["id"])
            if target in self.world.messages:
                self._apply_edit(self.world.messages[target], data, call.files)
                message = self.world.messages[target]
        record.callback = {"type": kind, "data": copy.deepcopy(data)}
        with_response = call.query.get("with_response") in ("1", "true", "True")
        self.interaction_responses.append(
            {
                "interaction_id": record.id,
                "token": record.token,
                "type": kind,
                "data": copy.deepcopy(data),
                "with_response": with_response,
            }
        )
        if message is not None and kind in (p.CALLBACK_CHANNEL_MESSAGE, p.CALLBACK_DEFERRED_CHANNEL_MESSAGE):
            record.original_id = int(message["id"])
            if not message["_ephemeral"]:
                await self._emit("MESSAGE_CREATE", self._message_event(record.original_id))
        if not with_response:
            return _ok()
        # discord.py posts ?with_response=1 and parses this body (a bare 204 breaks it).
        interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            interaction.update(
                {
                    "response_message_id": message["id"],
                    "response_message_loading": kind == p.CALLBACK_DEFERRED_CHANNEL_MESSAGE,
                    "response_message_ephemeral": bool(message["flags"] & p.FLAG_EPHEMERAL),
                }
            )
            resource["message"] = self._message_view(int(message["id"]), redact=False)
        return _ok({"interaction": interaction, "resource": resource})

    def _webhook_interaction(self, params: dict[str, str]) -> InteractionRecord:
        application_id = _snowflake(params["application_id"], p.UNKNOWN_WEBHOOK)
        interaction_id = self.world.interaction_tokens.get(params["token"])
        if application_id != self.application_id or interaction_id is None:
            raise DiscordError(404, p.error_body(p.UNKNOWN_WEBHOOK))
        record = self.world.interactions[interaction_id]
        if record.callback is None:
            raise DiscordError(404, p.error_body(p.UNKNOWN_WEBHOOK))
        return record

    def _webhook_message_id(self, record: InteractionRecord, params: dict[str, str]) -> int:
        if "message_id" not in params:
            if record.original_id is None or record.original_id not in self.world.messages:
                raise DiscordError(404, p.error_body(p.UNKNOWN_MESSAGE))
            return record.original_id
        message_id = _snowflake(params["message_id"], p.UNKNOWN_MESSAGE)
        if message_id != record.original_id and message_id not in record.followup_ids:
            raise DiscordError(404, p.error_body(p.UNKNOWN_MESSAGE))
        if message_id not in self.world.messages:
            raise DiscordError(404, p.error_body(p.UNKNOWN_MESSAGE))
        return message_id

    async def _followup(self, call: Call, params: dict[str, str]) -> Reply:
        record = self._webhook_interaction(params)
        body = call.json if isinstance(call.json, dict) else {}
        validate_message(body, call.files)
        original = self.world.messages.get(record.original_id) if record.original_id else None
        if (
            record.response_type == p.CALLBACK_DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original["flags"] & p.FLAG_LOADING
        ):
            # After a deferral, the first follow-up replaces the "thinking…" original (ephemerality of the defer).
            self._apply_edit(original, body, call.files)
            message_id = int(original["id"])
            record.followup_ids.append(message_id)
            if not original["_ephemeral"]:
                await self._emit("MESSAGE_UPDATE", self._message_event(message_id))
        else:
            flags = int(body.get("flags") or 0) & (
                p.FLAG_EPHEMERAL | p.FLAG_SUPPRESS_EMBEDS | p.FLAG_SUPPRESS_NOTIFICATIONS
            )
            message = self._interaction_message(record, body, call.files, flags=flags)
            message_id = int(message["id"])
            record.followup_ids.append(message_id)
            if not message["_ephemeral"]:
                await self._emit("MESSAGE_CREATE", self._message_event(message_id))
        if call.query.get("wait") in ("1", "true", "True"):
            return _ok(self._message_view(message_id, redact=False))
        return _ok()

    async def _get_webhook_message(self, call: Call, params: dict[str, str]) -> Reply:
        record = self._webhook_interaction(params)
        return _ok(self._message_view(self._webhook_message_id(record, params), redact=False))

    async def _edit_webhook_message(self, call: Call, params: dict[str, str]) -> Reply:
        record = self._webhook_interaction(params)
        message_id = self._webhook_message_id(record, params)
        message = self.world.messages[message_id]
        self._apply_edit(message, call.json if isinstance(call.json, dict) else {}, call.files)
        if not message["_ephemeral"]:
            await self._emit("MESSAGE_UPDATE", self._message_event(message_id))
        return _ok(self._message_view(message_id, redact=False))

    async def _delete_webhook_message(self, call: Call, params: dict[str, str]) -> Reply:
        record = self._webhook_interaction(params)
        message_id = self._webhook_message_id(record, params)
        message = self.world.messages[message_id]
        await self._forget_message(int(message["channel_id"]), message_id, message)
        return _ok()
