"""A real Synapse homeserver on 127.0.0.1, run as a subprocess of the test suite.

    server = SynapseServer(tmp_path / "synapse")   # nothing runs yet
    server.start()                                  # writes config + key once, picks a port, waits until it answers
    alice = server.register("alice")                # shared-secret admin API; unique user names
    server.stop()                                   # SIGTERM, then SIGKILL
    server.start()                                  # same data directory, database and port

Only the standard library is used (urllib for HTTP), so the helpers work from synchronous fixtures; the
``*_async`` variants run them in a worker thread for code that must not block its event loop while a
Synapse (re)starts.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.synapse.venv import ensure_synapse

SERVER_NAME = "localhost"
START_TIMEOUT = 60.0  # a fresh SQLite database answers after ~2 s here; CI may be slower
STOP_TIMEOUT = 10.0
POLL_INTERVAL = 0.05
HTTP_TIMEOUT = 10.0
# Large enough that no functional test is ever throttled, small enough to stay a float Synapse accepts.
UNLIMITED = {"per_second": 100_000.0, "burst_count": 100_000}
RATE_LIMITS_RAISED: dict[str, Any] = {
    "rc_message": UNLIMITED,
    "rc_registration": UNLIMITED,
    "rc_registration_token_validity": UNLIMITED,
    "rc_login": {"address": UNLIMITED, "account": UNLIMITED, "failed_attempts": UNLIMITED},
    "rc_admin_redaction": UNLIMITED,
    "rc_joins": {"local": UNLIMITED, "remote": UNLIMITED},
    "rc_joins_per_room": UNLIMITED,
    "rc_3pid_validation": UNLIMITED,
    "rc_invites": {"per_room": UNLIMITED, "per_user": UNLIMITED, "per_issuer": UNLIMITED},
    "rc_third_party_invite": UNLIMITED,
    "rc_room_creation": UNLIMITED,
    "rc_key_requests": UNLIMITED,
    "rc_media_create": UNLIMITED,
    "rc_presence": {"per_user": UNLIMITED},
    "rc_delayed_event_mgmt": UNLIMITED,
    "rc_reports": UNLIMITED,
    "rc_user_directory": UNLIMITED,
    "rc_profile": UNLIMITED,
}

# Runs inside Synapse's interpreter: Synapse terminates itself when the test process that started it is gone
# (a killed pytest must not leave homeservers behind), then runs `python -m synapse.app.homeserver` unchanged.
_LAUNCHER = """
import os, runpy, signal, sys, threading, time
parent = int(sys.argv[1])
def watch():
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(10.0)
    os._exit(1)
threading.Thread(target=watch, name="parent-watch", daemon=True).start()
sys.argv = ["synapse.app.homeserver", *sys.argv[2:]]
runpy.run_module("synapse.app.homeserver", run_name="__main__", alter_sys=True)
"""


class SynapseError(RuntimeError):
    """Synapse could not be started, or answered a request with an error."""

    def __init__(self, message: str, *, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body

    @property
    def errcode(self) -> str | None:
        return self.body.get("errcode") if isinstance(self.body, dict) else None


@dataclass(frozen=True)
class RegisteredUser:
    user_id: str  # "@name:localhost"
    access_token: str
    device_id: str
    password: str
    admin: bool = False

    @property
    def localpart(self) -> str:
        return self.user_id[1:].split(":", 1)[0]


# Loopback only: never through an http_proxy the environment may name.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _signing_key() -> str:
    """What `--generate-keys` writes (it costs ~1.5 s): `ed25519 <key id> <unpadded base64 of a 32-byte seed>`."""
    seed = base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    return f"ed25519 a_test {seed}\n"


_names = itertools.count(1)
_run_tag = secrets.token_hex(3)


def unique_username(prefix: str = "user") -> str:
    """A localpart no other test of this run (nor a previous run on the same database) has used."""
    clean = "".join(c for c in prefix.lower() if c.isalnum() or c in "._=-") or "user"
    return f"{clean}-{_run_tag}-{next(_names)}"


class SynapseServer:
    """One Synapse homeserver with its data (config, signing key, SQLite database, media, log) in ``path``.

    The config is written on the first start and reused afterwards, so a later ``start()`` — by this object or
    a new one on the same ``path`` — serves the same database on the same port.
    """

    def __init__(
        self,
        path: Path,
        *,
        stock_rate_limits: bool = False,
        port: int | None = None,
        python: Path | None = None,
        extra_config: dict[str, Any] | None = None,
    ) -> None:
        self.path = Path(path)
        self.stock_rate_limits = stock_rate_limits
        self._python = python
        self._extra_config = extra_config or {}
        self._port = port
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None
        self._admin: RegisteredUser | None = None
        self.start_seconds: float | None = None  # how long the last start() took until Synapse answered
        self._config: dict[str, Any] | None = None
        if self.config_path.exists():
            self._config = json.loads(self.config_path.read_text())
            self._port = int(self._config["listeners"][0]["port"])
        _live.add(self)

    # -- where things are -------------------------------------------------------------------------------------

    @property
    def config_path(self) -> Path:
        return self.path / "homeserver.json"

    @property
    def log_path(self) -> Path:
        return self.path / "homeserver.log"

    @property
    def server_name(self) -> str:
        return SERVER_NAME

    @property
    def port(self) -> int:
        if self._port is None:
            raise SynapseError("Synapse has no port before its first start()")
        return self._port

    @property
    def url(self) -> str:
        """The homeserver's base URL, e.g. ``http://127.0.0.1:41234`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def registration_shared_secret(self) -> str:
        return str(self._ensure_config()["registration_shared_secret"])

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    # -- life cycle -------------------------------------------------------------------------------------------

    @classmethod
    def launch(cls, path: Path, *, stock_rate_limits: bool = False, **options: Any) -> SynapseServer:
        server = cls(path, stock_rate_limits=stock_rate_limits, **options)
        server.start()
        return server

    def _ensure_config(self) -> dict[str, Any]:
        if self._config is not None:
            return self._config
        self.path.mkdir(parents=True, exist_ok=True)
        if self._port is None:
            self._port = free_port()
        key_path = self.path / "signing.key"
        if not key_path.exists():
            key_path.write_text(_signing_key())
        config: dict[str, Any] = {
            "server_name": SERVER_NAME,
            "public_baseurl": f"http://127.0.0.1:{self._port}/",
            "pid_file": str(self.path / "homeserver.pid"),
            "listeners": [
                {
                    "port": self._port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    # "client" also serves /_synapse/admin.
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(self.path / "homeserver.db")}},
            "media_store_path": str(self.path / "media"),
            "signing_key_path": str(key_path),
            "registration_shared_secret": secrets.token_hex(16),
            "macaroon_secret_key": secrets.token_hex(16),
            "form_secret": secrets.token_hex(16),
            "report_stats": False,
            "enable_registration": False,
            "enable_metrics": False,
            "url_preview_enabled": False,
            "trusted_key_servers": [],  # the generated default would contact matrix.org
            "suppress_key_server_warning": True,
            "bcrypt_rounds": 4,  # 12 costs ~270 ms per hash
            "presence": {"enabled": False},
        }
        if not self.stock_rate_limits:
            config.update(RATE_LIMITS_RAISED)
        config.update(self._extra_config)
        # JSON is valid YAML: no YAML library needed on our side.
        self.config_path.write_text(json.dumps(config, indent=2))
        self._config = config
        return config

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start Synapse (writing its config and key the first time) and wait until it answers."""
        if self.running:
            return
        first_start = self._config is None and self._port is None
        for attempt in range(3):
            try:
                self._spawn_and_wait(timeout)
                return
            except SynapseError as problem:
                # Another process took the port we picked between our probe and Synapse's bind: pick again.
                if not (first_start and attempt < 2 and "Address already in use" in str(problem)):
                    raise
                self.config_path.unlink()
                self._config = None
                self._port = None

    def _spawn_and_wait(self, timeout: float) -> None:
        self._ensure_config()
        if self._python is None:
            self._python = ensure_synapse()
        python = self._python
        self._log_file = self.log_path.open("ab")
        self._log_file.write(f"\n==== netgroups tests: starting Synapse on {self.url} ====\n".encode())
        self._log_file.flush()
        log_start = self._log_file.tell()
        started = time.monotonic()
        environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
        self._process = subprocess.Popen(
            [str(python), "-c", _LAUNCHER, str(os.getpid()), "-c", str(self.config_path)],
            cwd=self.path,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, which then stops Synapse itself
        )
        deadline = started + timeout
        while True:
            if self._process.poll() is not None:
                code = self._process.returncode
                self._close_log()
                self._process = None
                raise SynapseError(
                    f"Synapse exited with {code} before answering on {self.url}; log {self.log_path}:\n"
                    + self._log_tail(log_start)
                )
            if self._answers():
                self.start_seconds = time.monotonic() - started
                return
            if time.monotonic() > deadline:
                self.stop()
                raise SynapseError(
                    f"Synapse did not answer on {self.url} within {timeout:.0f} s; log {self.log_path}:\n"
                    + self._log_tail(log_start)
                )
            time.sleep(POLL_INTERVAL)  # waiting for a real subprocess to come up, not simulated time

    def _answers(self) -> bool:
        try:
            with _opener.open(f"{self.url}/_matrix/client/versions", timeout=1.0) as response:
                return bool(response.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def _log_tail(self, start: int = 0, lines: int = 40) -> str:
        try:
            with self.log_path.open("rb") as log:
                log.seek(start)
                text = log.read().decode(errors="replace")
        except OSError:
            return ""
        return "".join(text.splitlines(keepends=True)[-lines:])

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Terminate Synapse (SIGTERM, then SIGKILL after ``timeout``); its data stay for a later start()."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        self._close_log()

    def kill(self) -> None:
        """Stop Synapse abruptly (SIGKILL), as a crash or a power cut would."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(STOP_TIMEOUT)
        self._close_log()

    def restart(self, timeout: float = START_TIMEOUT) -> None:
        self.stop()
        self.start(timeout)

    async def start_async(self, within: float = START_TIMEOUT) -> None:
        """start() in a worker thread: the caller's event loop (a running bot) goes on meanwhile."""
        await asyncio.to_thread(self.start, within)

    async def stop_async(self, within: float = STOP_TIMEOUT) -> None:
        await asyncio.to_thread(self.stop, within)

    def __enter__(self) -> SynapseServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    # -- HTTP -------------------------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        query: dict[str, str] | None = None,
    ) -> Any:
        """One JSON request to this Synapse; returns the decoded answer, raises SynapseError on an error status."""
        url = self.url + path + (("?" + urllib.parse.urlencode(query)) if query else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with _opener.open(request, timeout=HTTP_TIMEOUT) as response:
                raw = response.read()
        except urllib.error.HTTPError as problem:
            raw = problem.read()
            try:
                answer = json.loads(raw)
            except ValueError:
                answer = raw.decode(errors="replace")
            raise SynapseError(
                f"{method} {path} → {problem.code}: {answer}", status=problem.code, body=answer
            ) from None
        return json.loads(raw) if raw else None

    # -- users ------------------------------------------------------------------------------------------------

    def register(
        self,
        username: str | None = None,
        password: str | None = None,
        *,
        admin: bool = False,
        displayname: str | None = None,
        unique: bool = True,
    ) -> RegisteredUser:
        """Register a user through the shared-secret admin API (no /login, so no login rate limit).

        ``username`` is a prefix made unique for this run unless ``unique=False``. Returns the new user's
        access token and device id, ready for nio's ``restore_login``.
        """
        localpart = unique_username(username or "user") if unique else (username or unique_username())
        password = password or secrets.token_urlsafe(12)
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(self.registration_shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode()]))
        mac.update(b"\x00admin" if admin else b"\x00notadmin")
        body: dict[str, Any] = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
        }
        if displayname is not None:
            body["displayname"] = displayname
        answer = self.request("POST", "/_synapse/admin/v1/register", body)
        return RegisteredUser(
            user_id=answer["user_id"],
            access_token=answer["access_token"],
            device_id=answer["device_id"],
            password=password,
            admin=admin,
        )

    async def register_async(
        self, username: str | None = None, password: str | None = None, **options: Any
    ) -> RegisteredUser:
        return await asyncio.to_thread(self.register, username, password, **options)

    def login(self, user: RegisteredUser, *, device_id: str | None = None) -> RegisteredUser:
        """A new access token for ``user`` through /login with its password: on ``device_id`` (its old device
        keeps its transaction ids) or on a new device. Rate limits for /login are raised unless stock."""
        body: dict[str, Any] = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user.user_id},
            "password": user.password,
        }
        if device_id is not None:
            body["device_id"] = device_id
        answer = self.request("POST", "/_matrix/client/v3/login", body)
        return RegisteredUser(
            user_id=answer["user_id"],
            access_token=answer["access_token"],
            device_id=answer["device_id"],
            password=user.password,
            admin=user.admin,
        )

    @property
    def admin(self) -> RegisteredUser:
        """A server admin, registered on first use and reused afterwards."""
        if self._admin is None:
            self._admin = self.register("admin", admin=True)
        return self._admin

    def exempt_from_rate_limits(self, admin_token: str, user_id: str) -> None:
        """Exempt one user from Synapse's per-user rate limits (messages, joins, invites, …)."""
        quoted = urllib.parse.quote(user_id, safe="")
        self.request(
            "POST",
            f"/_synapse/admin/v1/users/{quoted}/override_ratelimit",
            {"messages_per_second": 0, "burst_count": 0},
            token=admin_token,
        )


_live: weakref.WeakSet[SynapseServer] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """Whatever a test forgot (or an interrupted run skipped) is stopped when the test process ends."""
    for server in list(_live):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            server.stop(timeout=5.0)


__all__ = [
    "RATE_LIMITS_RAISED",
    "SERVER_NAME",
    "RegisteredUser",
    "SynapseError",
    "SynapseServer",
    "free_port",
    "unique_username",
]
