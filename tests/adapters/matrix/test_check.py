"""``netgroups check`` against a real Synapse: a healthy deployment passes (in-process and as a command), and what
the bot cannot do is reported with the fix — too low a power level in the space or in a section's room, a refused
token, a homeserver that does not answer — while the rate-limit exemption, which only an admin's token may read,
is a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from nio import RoomCreateResponse, RoomInviteResponse

from bot.checks import Mark
from bot.i18n import Translator
from bot.replies import Listing, msg
from bot.settings import Settings
from netgroups.check import Report, check, render
from tests.adapters.matrix.conftest import MakeWorld, MatrixWorld, Person, bot_settings
from tests.synapse.client import raw_request
from tests.synapse.fixtures import MakeClient, MakeUser
from tests.synapse.server import RegisteredUser, SynapseServer

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[3]


def _settings(world: MatrixWorld) -> Settings:
    return Settings(
        storage={"data_dir": world.data_dir, "database_url": world.database_url},  # type: ignore[arg-type]
        matrix=world.settings.matrix,
    )


def _account(synapse: SynapseServer, bot: RegisteredUser, tmp_path: Path, **matrix: object) -> Settings:
    """Settings of ``bot`` alone: a database yet to be made, no space yet."""
    return Settings(
        storage={"data_dir": tmp_path},  # type: ignore[arg-type]
        matrix=bot_settings(synapse, bot, matrix),  # type: ignore[arg-type]
    )


def _matrix(report: Report) -> list[tuple[Mark, str]]:
    return [(finding.mark, finding.what.key) for finding in report.lines("matrix")]


async def _someone(name: str, matrix_user: MakeUser, matrix_client: MakeClient) -> Person:
    user = matrix_user(name.lower(), displayname=name, exempt=True)
    return Person(name, user, await matrix_client(user))


async def _space_of(eve: Person, bot: RegisteredUser, levels: dict[str, object]) -> str:
    """A space Eve makes (she is its creator), with ``levels`` over the defaults, the bot invited."""
    made = await eve.client.room_create(space=True, name="Nätverket", power_level_override=levels)
    assert isinstance(made, RoomCreateResponse), made
    invited = await eve.client.room_invite(made.room_id, bot.user_id)
    assert isinstance(invited, RoomInviteResponse), invited
    return str(made.room_id)


async def test_a_healthy_deployment_passes(world: MatrixWorld) -> None:
    """The bot's own space and section rooms (it made them): every line ✔ but the exemption (unknown), exit 0."""
    await world.shiatsu()
    report = await check(_settings(world))
    assert _matrix(report) == [
        (Mark.OK, "check-matrix-reachable"),
        (Mark.OK, "check-matrix-logged-in"),
        (Mark.OK, "check-matrix-power-creator"),
        (Mark.OK, "check-matrix-rooms-ok"),
        (Mark.WARN, "check-matrix-exempt-unknown"),
    ]
    assert report.lines("matrix")[3].what == msg("check-matrix-rooms-ok", count=3)  # central, coordinators, shiatsu
    assert report.exit_status == 0
    table = render(report, Translator(), "en").splitlines()
    at = table.index("⚠ Matrix    Exemption from rate limits: unknown (only a homeserver admin's token may ask).")
    assert table[at + 1] == (
        f"            → Ask your homeserver admin to exempt {world.bot_id} (see the README, Running on Matrix)."
    )
    assert table[-1] == "Everything netgroups needs is there."


async def test_too_low_a_power_level_in_the_space_is_reported_with_the_fix(
    make_world: MakeWorld, matrix_user: MakeUser, matrix_client: MakeClient
) -> None:
    """In Eve's space the bot has power 50 but inviting takes 100: ✖ with the level to give; once given, exit 0."""
    eve = await _someone("Eve", matrix_user, matrix_client)
    bot = matrix_user("netgroups", displayname="netgroups", exempt=True)
    space = await _space_of(eve, bot, {"invite": 100, "users": {bot.user_id: 50}})
    world = await make_world(bot=bot, matrix={"space_id": space})
    await world.deliver()

    report = await check(_settings(world))
    (low,) = [finding for finding in report.lines("matrix") if finding.mark is Mark.FAIL]
    place = msg("check-matrix-place-space", space=space)
    actions = Listing((msg("check-matrix-need-invite"),))
    assert low.what == msg("check-matrix-power-low", place=place, level=50, needed=100, actions=actions)
    assert low.fix == msg("check-fix-matrix-power", user=bot.user_id, needed=100, place=place)
    assert report.exit_status == 1
    table = render(report, Translator(), "en").splitlines()
    at = table.index(f"✖ Matrix    In the space {space}: power level 50, but 100 is needed to invite members.")
    assert table[at + 1] == (
        f"            → Give {bot.user_id} power level 100 or more in the space {space} "
        "(Element: its settings → Roles & Permissions)."
    )

    levels = await eve.client.room_get_state_event(space, "m.room.power_levels")
    raised = {**levels.content, "users": {**levels.content["users"], bot.user_id: 100}}  # type: ignore[union-attr]
    put = await eve.client.room_put_state(space, "m.room.power_levels", raised)
    assert type(put).__name__ == "RoomPutStateResponse", put
    again = await check(_settings(world))
    assert [mark for mark, _ in _matrix(again)].count(Mark.FAIL) == 0
    assert again.exit_status == 0


async def test_a_section_room_where_the_bot_has_too_little_power_is_reported(world: MatrixWorld) -> None:
    """#shiatsu bound to Anna's room, where inviting takes 50 and the bot has 0: ✖ for that room, with the fix."""
    anna = await world.admin("Anna")
    await world.command(anna, "!section create Shiatsu")
    made = await anna.client.room_create(name="Shiatsu", invite=[world.bot_id], power_level_override={"invite": 50})
    assert isinstance(made, RoomCreateResponse), made
    room = str(made.room_id)

    async def bot_joined() -> bool:
        return await world.membership(room, world.bot_id) == "join"

    await world.until(bot_joined, "the bot joining Anna's room")
    await world.command(anna, "!section bind shiatsu", room)

    report = await check(_settings(world))
    (low,) = [finding for finding in report.lines("matrix") if finding.mark is Mark.FAIL]
    place = msg("check-matrix-place-room", section="shiatsu", room=room)
    actions = Listing((msg("check-matrix-need-invite"),))
    assert low.what == msg("check-matrix-power-low", place=place, level=0, needed=50, actions=actions)
    assert low.fix == msg("check-fix-matrix-power", user=world.bot_id, needed=50, place=place)
    assert (Mark.OK, "check-matrix-rooms-ok") not in _matrix(report)


async def test_a_space_the_bot_is_only_invited_to_is_a_warning(
    synapse: SynapseServer, matrix_user: MakeUser, matrix_client: MakeClient, tmp_path: Path
) -> None:
    """Invited to the configured space, not joined yet (it joins when it runs): ⚠, not a failure."""
    eve = await _someone("Eve", matrix_user, matrix_client)
    bot = matrix_user("netgroups")
    space = await _space_of(eve, bot, {})
    report = await check(_account(synapse, bot, tmp_path, space_id=space))
    assert (Mark.WARN, "check-matrix-invited") in _matrix(report)
    assert report.exit_status == 0


@pytest.mark.parametrize(
    ("account", "line"),
    [
        ({"exempt": True}, (Mark.WARN, "check-matrix-exempt-unknown")),
        ({"admin": True}, (Mark.WARN, "check-matrix-not-exempt")),
        ({"admin": True, "exempt": True}, (Mark.OK, "check-matrix-exempt")),
    ],
    ids=["exempt-user", "admin", "exempt-admin"],
)
async def test_the_rate_limit_exemption_is_read_with_an_admins_token(
    synapse: SynapseServer, matrix_user: MakeUser, tmp_path: Path, account: dict[str, bool], line: tuple[Mark, str]
) -> None:
    """Whether the bot is exempt: read when its token is an admin's; otherwise unknown. Neither fails the check."""
    bot = matrix_user("netgroups", **account)
    report = await check(_account(synapse, bot, tmp_path))
    assert _matrix(report)[-1] == line
    assert (Mark.WARN, "check-matrix-space-none") in _matrix(report)
    assert report.exit_status == 0


async def test_a_password_is_tried_and_its_device_logged_out(
    synapse: SynapseServer, matrix_user: MakeUser, tmp_path: Path
) -> None:
    """Only a password: the check logs in and out again (the account keeps only its own device)."""
    bot = matrix_user("netgroups")
    settings = _account(synapse, bot, tmp_path, password=bot.password, access_token=None, device_id=None)
    report = await check(settings)
    assert _matrix(report)[1] == (Mark.OK, "check-matrix-logged-in")
    assert report.lines("matrix")[1].what.args["how"] == msg("check-matrix-by-password")
    assert not (tmp_path / "matrix-session.json").exists()
    status, devices = await _devices(synapse, bot)
    assert status == 200
    assert [device["device_id"] for device in devices["devices"]] == [bot.device_id]


async def _devices(synapse: SynapseServer, bot: RegisteredUser) -> tuple[int, dict[str, list[dict[str, str]]]]:
    return await raw_request(synapse.url, bot, "GET", "/_matrix/client/v3/devices")


async def test_a_refused_token_and_an_unreachable_homeserver_fail(
    synapse: SynapseServer, matrix_user: MakeUser, tmp_path: Path
) -> None:
    """A token the homeserver does not know, and a homeserver nobody answers at: one ✖ each, saying what to do."""
    bot = matrix_user("netgroups")
    refused = await check(_account(synapse, bot, tmp_path, access_token="syt_not_a_token"))
    assert _matrix(refused) == [(Mark.OK, "check-matrix-reachable"), (Mark.FAIL, "check-matrix-token-refused")]
    nobody = await check(_account(synapse, bot, tmp_path, homeserver="http://127.0.0.1:9"))
    assert _matrix(nobody) == [(Mark.FAIL, "check-matrix-unreachable")]
    assert all(report.exit_status == 1 for report in (refused, nobody))


async def test_live_only_reaches_the_homeserver_and_logs_in(
    synapse: SynapseServer, matrix_user: MakeUser, tmp_path: Path
) -> None:
    """--live on Matrix: the homeserver answers and the token is the bot's; rooms and power are not looked at."""
    bot = matrix_user("netgroups")
    report = await check(_account(synapse, bot, tmp_path), live=True)
    assert _matrix(report) == [(Mark.OK, "check-matrix-reachable"), (Mark.OK, "check-matrix-logged-in")]


def test_the_command_exits_0_for_a_healthy_deployment(
    synapse: SynapseServer, matrix_user: MakeUser, tmp_path: Path
) -> None:
    """`netgroups check` as a process, with the token from the environment: the table on standard output, exit 0."""
    bot = matrix_user("netgroups", admin=True, exempt=True)
    config = tmp_path / "netgroups.toml"
    config.write_text(
        f'[storage]\ndata_dir = "{tmp_path / "data"}"\n\n'
        f'[matrix]\nhomeserver = "{synapse.url}"\nuser_id = "{bot.user_id}"\ndevice_id = "{bot.device_id}"\n',
        encoding="utf-8",
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    env.update(PYTHONPATH=str(REPO), NETGROUPS_MATRIX_ACCESS_TOKEN=bot.access_token, NETGROUPS_COMMUNITY_LOCALE="sv")
    done = subprocess.run(
        [sys.executable, "-m", "netgroups", "--config", str(config), "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "✔ inställningar  Inställningarna är giltiga; konfigurerat: Matrix."
    matrix = f"✔ {'Matrix':<13}  "  # under "inställningar"
    assert f"{matrix}Inloggad som {bot.user_id} (åtkomsttoken)." in lines
    assert f"{matrix}Boten är undantagen från hemserverns hastighetsgränser." in lines
    assert lines[-1] == "Allt som netgroups behöver finns på plats."
    assert bot.access_token not in done.stdout + done.stderr
