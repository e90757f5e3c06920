"""Typed settings: a TOML file for structure, ``NETGROUPS_…`` environment variables winning over it.

Environment names are ``NETGROUPS_<SECTION>_<KEY>``, e.g. ``NETGROUPS_DISCORD_TOKEN`` or
``NETGROUPS_SECTIONS_REQUIRE_APPROVAL``. A list is written as people write it (``1440,60``) or as JSON
(``[1440, 60]``). Secrets are ``SecretStr`` so they never print.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from bot.errors import StartupError
from bot.i18n import SUPPORTED_LOCALES

DEFAULT_CONFIG = Path("netgroups.toml")
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
_Item = TypeVar("_Item")


def _split_list(value: Any) -> Any:
    """A list from the environment: ``1440,60`` or JSON ``[1440, 60]``; TOML lists pass as they are."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("is not a list: write 1440,60 or JSON such as [1440, 60]") from None
    return [item.strip() for item in text.split(",") if item.strip()]


#: A list setting; from the environment as ``a,b`` or as JSON.
EnvList = Annotated[list[_Item], NoDecode, BeforeValidator(_split_list)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommunitySettings(_Section):
    name: str = "Our network"
    timezone: str = "Europe/Stockholm"
    locale: str = "en"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # ZoneInfo raises OSError subclasses for names that are directories or too long, and
        # "localtime" would depend on the host: only real zone names will do.
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            valid = False
        else:
            valid = value != "localtime"
        if not valid:
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Stockholm")
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"{value!r} is not one of {', '.join(SUPPORTED_LOCALES)}")
        return value


class SectionsSettings(_Section):
    require_approval: bool = True
    #: Every section's membership is sensitive (a trade union): names are shown to each section's members only.
    sensitive: bool = False
    #: Once a month, every section's health in figures and a chart, in the coordinators' section.
    monthly_health: bool = True


class MeetingsSettings(_Section):
    """Community defaults for every meeting series; a series may override the cadence."""

    call_days_before: int = Field(default=7, ge=1, le=60)
    reminder_minutes: EnvList[int] = Field(default=[1440, 60])
    agenda_nudge: bool = True
    default_duration_minutes: int = Field(default=120, ge=15, le=720)

    @field_validator("reminder_minutes")
    @classmethod
    def _sensible_reminders(cls, value: list[int]) -> list[int]:
        if any(minutes < 5 or minutes > 14 * 1440 for minutes in value):
            raise ValueError("each reminder must be between 5 minutes and 14 days (20160) before the meeting")
        return sorted(set(value), reverse=True)


class StorageSettings(_Section):
    data_dir: Path = Path("data")
    database_url: SecretStr | None = None

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        scheme = value.get_secret_value().split("://", 1)[0]
        if scheme not in ("sqlite", "postgres", "postgresql", "sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError(f"scheme {scheme!r} is not supported; use sqlite:///PATH or postgresql://…")
        return value

    def url(self) -> str:
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.data_dir / 'netgroups.db'}"


class DiscordSettings(_Section):
    token: SecretStr | None = None
    #: The association's guild when it also lives on Matrix: this guild and the Matrix space are
    #: then one community (one member list, one meeting, answers merged). Other guilds stay apart.
    guild_id: str | None = None


class MatrixSettings(_Section):
    homeserver: str | None = None
    user_id: str | None = None
    access_token: SecretStr | None = None
    #: The device the access token belongs to (found with whoami when left out).
    device_id: str | None = None
    password: SecretStr | None = None
    prefix: str = "!"
    #: The association's space; created by the bot on first start when left out.
    space_id: str | None = None
    #: Community admins besides those with power level 50 or more in the space (and whoever made it or invited
    #: the bot into it); in a space the bot makes, the first gets power level 100 there.
    admins: EnvList[str] = Field(default_factory=list)
    #: The ✅ 🤔 ❌ reactions under each meeting call, so that answering is one click (Element offers a reaction
    #: someone already made; otherwise each member picks the emoji themselves). Three events per call besides the
    #: call itself: a homeserver that counts every event (rc_message) may want them off.
    seed_reactions: bool = True


class RetentionSettings(_Section):
    """How long what is kept about members' activity stays, once it is no longer needed for anything ahead."""

    #: Answers to meetings that started longer ago than this (standing answers stay while they stand).
    answers_months: int = Field(default=24, ge=1, le=120)
    #: Deliveries that went out (or were given up) longer ago than this: the outbox's history.
    delivered_days: int = Field(default=90, ge=7, le=3650)
    #: Bookkeeping that has run its course (used or expired link and erasure codes, stale locks).
    bookkeeping_days: int = Field(default=7, ge=1, le=365)


class LoggingSettings(_Section):
    level: LogLevel = "INFO"
    #: The most detail the libraries' own loggers (discord.py, nio, aiohttp, SQLAlchemy, …) may give: at
    #: DEBUG they log tokens and message text, so they stay at INFO (or ``level``, when quieter) unless asked.
    libraries: LogLevel = "INFO"


class WebSettings(_Section):
    """The calendar feeds and public pages (adapters/web): off unless ``listen`` is set."""

    #: host:port to serve on, e.g. ``127.0.0.1:8080`` (behind a reverse proxy) or ``0.0.0.0:8080``.
    listen: str | None = None
    #: The address people reach it at (``https://net.example.org``), for links in chat and in the feeds;
    #: default ``http://`` + ``listen``.
    base_url: str | None = None
    #: Where a newcomer joins on Discord (a server invite, e.g. ``https://discord.gg/AbCd``), shown on the pages.
    discord_invite: str | None = None

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str | None) -> str | None:
        if value is None:
            return None
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 <= int(port) < 65536:
            raise ValueError("must be host:port, e.g. 127.0.0.1:8080")
        return value

    @field_validator("base_url", "discord_invite")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    def link_base(self) -> str | None:
        """What links start with: ``base_url``, else the listening address; None when the web is off."""
        if self.base_url:
            return self.base_url
        return f"http://{self.listen}" if self.listen else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NETGROUPS_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
    )

    community: CommunitySettings = CommunitySettings()
    sections: SectionsSettings = SectionsSettings()
    meetings: MeetingsSettings = MeetingsSettings()
    storage: StorageSettings = StorageSettings()
    discord: DiscordSettings = DiscordSettings()
    matrix: MatrixSettings = MatrixSettings()
    retention: RetentionSettings = RetentionSettings()
    logging: LoggingSettings = LoggingSettings()
    web: WebSettings = WebSettings()


def load_settings(config: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings, or raise StartupError with one line naming the setting and the problem."""
    environ = os.environ if environ is None else environ
    path = _config_path(config, environ)

    class _FromFile(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
            if path is not None:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
            return tuple(sources)

    try:
        settings: Settings = _FromFile()
    except ValidationError as problem:
        raise StartupError(_one_line(problem)) from None
    except tomllib.TOMLDecodeError as problem:
        raise StartupError(f"config file {path}: not valid TOML ({problem})") from None
    except SettingsError as problem:
        raise StartupError(_one_line_source(problem)) from None
    except (OSError, UnicodeDecodeError) as problem:
        reason = problem.strerror if isinstance(problem, OSError) else "not UTF-8 text"
        raise StartupError(f"config file {path}: cannot be read ({reason})") from None
    database_url = environ.get("DATABASE_URL")
    if settings.storage.database_url is None and database_url and "NETGROUPS_STORAGE_DATABASE_URL" not in environ:
        try:
            settings.storage = StorageSettings(data_dir=settings.storage.data_dir, database_url=SecretStr(database_url))
        except ValidationError as problem:
            raise StartupError("DATABASE_URL: " + _one_line(problem).split(": ", 2)[-1]) from None
    return settings


def _config_path(config: Path | None, environ: Mapping[str, str]) -> Path | None:
    if config is None and environ.get("NETGROUPS_CONFIG"):
        config = Path(environ["NETGROUPS_CONFIG"])
    if config is not None:
        if not config.is_file():
            raise StartupError(f"config file {config} does not exist")
        return config
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def _one_line(problem: ValidationError) -> str:
    first = problem.errors(include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    reason = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        reason = "is not a setting netgroups knows (see config.example.toml)"
    return f"setting {where}: {reason}"


def _one_line_source(problem: SettingsError) -> str:
    """A value pydantic-settings could not even read, e.g. ``NETGROUPS_MATRIX={``: name the table, never the value."""
    message = str(problem)
    field = message.split('"')[1] if message.count('"') >= 2 else "?"
    return f"setting {field}: a value from the environment could not be read; write NETGROUPS_{field.upper()}_<KEY>=…"
