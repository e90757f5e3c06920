"""The bot's own messages, reactions and edits come back in its syncs; they are dropped before nio parses them (its
schema validation of each was a third of the bot's CPU per call in a fan-out). Its own state events stay: nio keeps
the rooms' state from them. Against a real Synapse, the bot's answers in a room still come through as before:
``test_calls``, ``test_sections`` and the rest of this directory run with this client."""

from __future__ import annotations

from typing import Any

from adapters.matrix.client import drop_own_echo

BOT = "@netgroups:localhost"


def _event(sender: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"type": kind, "sender": sender, "event_id": f"${kind}-{sender}", "content": {}, **more}


def test_the_bots_own_timeline_events_are_dropped_and_its_state_and_others_kept() -> None:
    call = _event(BOT, "m.room.message")
    seed = _event(BOT, "m.reaction")
    power = _event(BOT, "m.room.power_levels", state_key="")
    answer = _event("@anna:localhost", "m.reaction")
    command = _event("@anna:localhost", "m.room.message")
    body = {
        "next_batch": "s2",
        "rooms": {
            "join": {
                "!a:localhost": {"timeline": {"events": [call, answer, seed, power], "limited": False}},
                "!b:localhost": {"timeline": {"events": [command]}, "state": {"events": []}},
            },
            "invite": {"!c:localhost": {"invite_state": {"events": [_event(BOT, "m.room.member", state_key=BOT)]}}},
        },
    }
    assert drop_own_echo(body, BOT) == 2
    assert body["rooms"]["join"]["!a:localhost"]["timeline"] == {"events": [answer, power], "limited": False}
    assert body["rooms"]["join"]["!b:localhost"]["timeline"]["events"] == [command]
    assert body["rooms"]["invite"]["!c:localhost"]["invite_state"]["events"][0]["sender"] == BOT


def test_a_response_of_another_shape_is_left_for_nio_to_judge() -> None:
    for body in ({}, {"rooms": None}, {"rooms": {"join": []}}, {"rooms": {"join": {"!a:x": {"timeline": None}}}}):
        before = repr(body)
        assert drop_own_echo(body, BOT) == 0
        assert repr(body) == before
