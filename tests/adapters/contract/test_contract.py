"""The contract every adapter passes: what a member sees does not depend on the platform it is on.

Each test runs on the console, Discord (the stand-in, driving real discord.py) and Matrix (a real Synapse).
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from bot.ports import Post
from bot.replies import Attachment, msg, reply
from bot.storage.repositories import outbox
from tests.adapters.contract.platforms import Platform, gateway_of, shiatsu_destination
from tests.meetings.helpers import answers

CODE = re.compile(r"Your code is ([A-Z0-9]+)\.")
HOSTILE = "@everyone @here @room <@&123> <b>bold</b>"


async def test_a_private_answer_reaches_only_its_member(platform: Platform) -> None:
    """Bo asks for a link code in #shiatsu: he sees it, Cleo in the same channel does not."""
    seen = await platform.command("Bo", "profile link")
    code = CODE.search(seen.asker)
    assert code, seen.asker
    assert code.group(1) not in seen.others


async def test_an_error_is_shown_only_to_whoever_made_it(platform: Platform) -> None:
    """A mistyped section name is Bo's business: the channel does not see the refusal."""
    seen = await platform.command("Bo", "section join", section="nosuchsection")
    assert "nosuchsection" in seen.asker
    assert "nosuchsection" not in seen.others


async def test_a_public_answer_reaches_the_channel(platform: Platform) -> None:
    """Anna's answer to ``section needs`` is for the whole section: Cleo sees it."""
    seen = await platform.command("Anna", "section info")
    assert "Shiatsu" in seen.asker
    assert "Shiatsu" in seen.others


async def test_user_text_is_shown_literally_and_pings_nobody(platform: Platform) -> None:
    """Mentions typed by members are shown as typed, in answers and in posts, and the platform parses none."""
    profile = await platform.command("Bo", "profile set", who=HOSTILE, visible="yes")
    assert profile.asker
    memo = await platform.command("Anna", "memo post", text=HOSTILE)
    assert memo.asker
    await platform.deliver()
    shown = await platform.command("Bo", "profile show")
    # (Discord's rendering adds a zero-width space after @ in everyone and here: a second guard, still read as typed.)
    assert HOSTILE in shown.asker.replace("\u200b", "")
    assert await platform.mention_problems() == []


async def test_a_resend_with_the_same_key_is_one_message(platform: Platform) -> None:
    """The gateway posts once per idempotency key, however often it is asked."""
    destination = await shiatsu_destination(platform)
    post = Post(reply(msg("help-title")), "en", "netgroups:contract-resend")
    first = await gateway_of(platform).send(destination, post, idempotency_key="contract1")
    second = await gateway_of(platform).send(destination, post, idempotency_key="contract1")
    assert second == first
    assert await platform.marked("netgroups:contract-resend") == 1


async def test_a_post_with_a_chart_is_one_message_and_one_file_however_often_sent(platform: Platform) -> None:
    """A post's file (the monthly health report's chart) goes with it, once per idempotency key like the post."""
    destination = await shiatsu_destination(platform)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="PNG")
    chart = Attachment("contract-chart.png", "image/png", buffer.getvalue())
    post = Post(reply(msg("help-title"), attachments=(chart,)), "en", "netgroups:contract-file")
    first = await gateway_of(platform).send(destination, post, idempotency_key="contract3")
    second = await gateway_of(platform).send(destination, post, idempotency_key="contract3")
    assert second == first
    assert await platform.marked("netgroups:contract-file") == 1
    assert await platform.files() == ["contract-chart.png"]


async def test_an_edit_replaces_what_the_message_shows(platform: Platform) -> None:
    destination = await shiatsu_destination(platform)
    before = Post(reply(msg("announce-section-opened", section="yoga", name="Yoga")), "en", "netgroups:contract-edit")
    after = Post(reply(msg("announce-section-opened", section="reiki", name="Reiki")), "en", "netgroups:contract-edit")
    sent = await gateway_of(platform).send(destination, before, idempotency_key="contract2")
    await gateway_of(platform).edit(sent, after)
    shown = await platform.shown(sent)
    assert "Reiki" in shown
    assert "Yoga" not in shown
    assert await platform.marked("netgroups:contract-edit") == 1


async def test_reactions_added_removed_and_added_again_are_the_answer(platform: Platform) -> None:
    """✅ is yes; taken off, no answer; ✅ again, yes; then 🤔 as well: the later one wins."""
    call = await platform.call()
    meeting = await _occurrence_of(platform, call)
    bo, cleo = platform.name_of("Bo"), platform.name_of("Cleo")
    await platform.react("Bo", call, "✅", added=True)
    assert await answers(platform.core, meeting) == {bo: "yes"}
    await platform.react("Bo", call, "✅", added=False)
    assert await answers(platform.core, meeting) == {}
    await platform.react("Bo", call, "✅", added=True)
    assert await answers(platform.core, meeting) == {bo: "yes"}
    await platform.react("Cleo", call, "🤔", added=True)
    assert await answers(platform.core, meeting) == {bo: "yes", cleo: "maybe"}


async def test_a_command_typed_while_the_bot_was_stopped_is_answered_once(platform: Platform) -> None:
    if not platform.keeps_offline_commands:
        pytest.skip(f"{platform.name} keeps nothing typed while the bot is offline (the person is told it failed)")
    answered = await platform.typed_while_stopped("Bo", "section list")
    assert len(answered) == 1, answered
    assert "shiatsu" in answered[0]


async def _occurrence_of(platform: Platform, message: str) -> int:
    from bot.storage.repositories import outbox

    async with platform.core.database.transaction() as conn:
        found = await outbox.by_message(conn, platform.name, message)
    assert found is not None
    assert found.occurrence_id is not None
    return found.occurrence_id


async def test_a_sensitive_sections_place_still_reaches_its_members(platform: Platform) -> None:
    """Made sensitive, #shiatsu becomes its members' only wherever the platform has access to look after (the
    worker's privacy delivery done, none refused): Bo and Cleo still read it, ``section info`` names its people to
    the asker only, and switched back it is answered in the channel again."""
    made = await platform.command("Anna", "section sensitive", section="shiatsu", sensitive="yes")
    assert "sensitive now" in made.asker
    await platform.deliver()
    seen = await platform.command("Bo", "section info")
    assert "Coordinator" in seen.asker
    assert "Coordinator" not in seen.others
    memo = await platform.command("Anna", "memo post", text="Thanks for coming")
    assert memo.asker
    await platform.deliver()
    assert "Thanks for coming" in (await platform.command("Cleo", "memo list")).asker

    await platform.command("Anna", "section sensitive", section="shiatsu", sensitive="no")
    await platform.deliver()
    assert "Coordinator" in (await platform.command("Bo", "section info")).others
    async with platform.core.store.transaction() as tx:
        rows = [row for row in await outbox.all_rows(tx.conn) if row.kind == "privacy"]
    assert {row.state.value for row in rows} <= {"sent"}, rows
