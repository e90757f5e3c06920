"""Neutral replies to JSON and back, for posts queued in the outbox before they are rendered."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

from bot.ports import Post
from bot.replies import Attachment, Listing, Msg, Reply, Tone, msg


def _encode_value(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"$msg": _encode_msg(value)}
    if isinstance(value, Listing):
        return {"$listing": [_encode_value(item) for item in value.items]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "$msg" in value:
            return _decode_msg(value["$msg"])
        if "$listing" in value:
            return Listing(tuple(_decode_value(item) for item in value["$listing"]))
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value


def _encode_msg(line: Msg) -> dict[str, Any]:
    return {"key": line.key, "args": {name: _encode_value(value) for name, value in line.args.items()}}


def _decode_msg(data: dict[str, Any]) -> Msg:
    return msg(data["key"], **{name: _decode_value(value) for name, value in data["args"].items()})


def encode_reply(content: Reply) -> str:
    return json.dumps(
        {
            "title": _encode_msg(content.title) if content.title else None,
            "lines": [_encode_msg(line) for line in content.lines],
            "tone": content.tone.value,
            "private": content.private,
            "attachments": [
                {"filename": file.filename, "media_type": file.media_type, "data": base64.b64encode(file.data).decode()}
                for file in content.attachments
            ],
        },
        ensure_ascii=False,
    )


def decode_reply(text: str) -> Reply:
    data = json.loads(text)
    return Reply(
        lines=tuple(_decode_msg(line) for line in data["lines"]),
        title=_decode_msg(data["title"]) if data["title"] else None,
        tone=Tone(data["tone"]),
        private=data["private"],
        attachments=tuple(
            Attachment(file["filename"], file["media_type"], base64.b64decode(file["data"]))
            for file in data.get("attachments", ())
        ),
    )


def encode_queued_reply(content: Reply, locale: str, reply_to: str | None) -> str:
    """A command's answer queued for the core to post: the reply, its reader's language, what it answers."""
    return json.dumps({"reply": encode_reply(content), "locale": locale, "reply_to": reply_to}, ensure_ascii=False)


def queued_reply(text: str, marker: str) -> Post:
    data = json.loads(text)
    return Post(decode_reply(data["reply"]), data["locale"], marker, reply_to=data["reply_to"])
