"""Settings: defaults, a TOML file, NETGROUPS_* environment winning, and one-line refusals."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import StartupError
from bot.settings import Settings, load_settings
from netgroups.platforms import configured

REPO = Path(__file__).resolve().parents[1]
SECRET = "sekret-token-123"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NETGROUPS_* or DATABASE_URL from the real environment, and no ./netgroups.toml."""
    for name in list(os.environ):
        if name.startswith("NETGROUPS_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _toml(tmp_path: Path, content: str, name: str = "settings.toml") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _refusal(config: Path | None = None) -> str:
    with pytest.raises(StartupError) as refusal:
        load_settings(config)
    message = str(refusal.value)
    assert "\n" not in message
    return message


def test_defaults() -> None:
    """With no file and no environment, every setting has its documented default."""
    settings = load_settings(None, {})
    assert (settings.community.name, settings.community.timezone, settings.community.locale) == (
        "Our network",
        "Europe/Stockholm",
        "en",
    )
    assert settings.sections.require_approval is True
    assert settings.storage.url() == "sqlite:///data/netgroups.db"
    assert settings.discord.token is None
    assert settings.matrix.prefix == "!"
    assert settings.logging.level == "INFO"
    assert configured(settings) == []


def test_example_config_is_valid_and_matches_defaults() -> None:
    """config.example.toml loads cleanly and says what the defaults are."""
    assert load_settings(REPO / "config.example.toml", {}).model_dump() == load_settings(None, {}).model_dump()


def test_toml_file_values(tmp_path: Path) -> None:
    """Values in the TOML file are used."""
    path = _toml(
        tmp_path,
        '[community]\nname = "Shiatsu Net"\ntimezone = "Europe/Copenhagen"\nlocale = "da"\n'
        "[sections]\nrequire_approval = false\n"
        '[storage]\ndata_dir = "/srv/netgroups"\n'
        '[matrix]\nhomeserver = "https://matrix.example.org"\n',
    )
    settings = load_settings(path, {})
    assert (settings.community.name, settings.community.timezone, settings.community.locale) == (
        "Shiatsu Net",
        "Europe/Copenhagen",
        "da",
    )
    assert settings.sections.require_approval is False
    assert settings.storage.url() == "sqlite:////srv/netgroups/netgroups.db"
    assert [platform.name for platform in configured(settings)] == ["matrix"]


@pytest.mark.parametrize(
    ("variable", "value", "read"),
    [
        ("NETGROUPS_COMMUNITY_TIMEZONE", "America/New_York", lambda s: s.community.timezone == "America/New_York"),
        ("NETGROUPS_SECTIONS_REQUIRE_APPROVAL", "false", lambda s: s.sections.require_approval is False),
        ("NETGROUPS_DISCORD_TOKEN", SECRET, lambda s: s.discord.token.get_secret_value() == SECRET),
        ("NETGROUPS_MATRIX_ACCESS_TOKEN", SECRET, lambda s: s.matrix.access_token.get_secret_value() == SECRET),
        ("NETGROUPS_LOGGING_LEVEL", "DEBUG", lambda s: s.logging.level == "DEBUG"),
    ],
)
def test_environment_wins_over_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, read: Callable[[Settings], bool]
) -> None:
    """A NETGROUPS_<TABLE>_<KEY> variable overrides the same setting in the TOML file."""
    path = _toml(
        tmp_path,
        '[community]\ntimezone = "Europe/Oslo"\n[sections]\nrequire_approval = true\n'
        '[discord]\ntoken = "from-file"\n[matrix]\naccess_token = "from-file"\n[logging]\nlevel = "ERROR"\n',
    )
    monkeypatch.setenv(variable, value)
    settings = load_settings(path)
    assert read(settings)


def test_environment_keeps_other_toml_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Overriding one key from the environment keeps the file's other keys in the same table."""
    path = _toml(tmp_path, '[community]\nname = "From file"\ntimezone = "Europe/Oslo"\n')
    monkeypatch.setenv("NETGROUPS_COMMUNITY_TIMEZONE", "Europe/Helsinki")
    settings = load_settings(path)
    assert (settings.community.name, settings.community.timezone) == ("From file", "Europe/Helsinki")


def test_netgroups_config_picks_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NETGROUPS_CONFIG names the settings file when --config is not given."""
    path = _toml(tmp_path, '[community]\nname = "Chosen"\n', name="elsewhere.toml")
    _toml(tmp_path, '[community]\nname = "Default file"\n', name="netgroups.toml")
    monkeypatch.setenv("NETGROUPS_CONFIG", str(path))
    assert load_settings().community.name == "Chosen"


def test_explicit_config_wins_over_netgroups_config(tmp_path: Path) -> None:
    """--config wins over NETGROUPS_CONFIG."""
    chosen = _toml(tmp_path, '[community]\nname = "Explicit"\n', name="explicit.toml")
    other = _toml(tmp_path, '[community]\nname = "From variable"\n', name="variable.toml")
    assert load_settings(chosen, {"NETGROUPS_CONFIG": str(other)}).community.name == "Explicit"


def test_netgroups_toml_in_working_directory_is_picked(tmp_path: Path) -> None:
    """./netgroups.toml is read when no file is named."""
    _toml(tmp_path, '[community]\nname = "Local"\n', name="netgroups.toml")
    assert load_settings(None, {}).community.name == "Local"


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_missing_config_file_is_refused(tmp_path: Path, how: str) -> None:
    """A named settings file that does not exist stops start-up."""
    missing = tmp_path / "nope.toml"
    config, environ = (missing, {}) if how == "argument" else (None, {"NETGROUPS_CONFIG": str(missing)})
    with pytest.raises(StartupError, match=r"nope\.toml"):
        load_settings(config, environ)


@pytest.mark.parametrize(
    ("toml", "setting"),
    [
        ('[community]\ntimezone = "Europe/Stokholm"\n', "community.timezone"),
        ('[community]\nlocale = "fr"\n', "community.locale"),
        ('[sections]\nrequire_approval = "maybe"\n', "sections.require_approval"),
        ('[community]\ncolour = "red"\n', "community.colour"),
        ('[colours]\nmain = "red"\n', "colours"),
        ('[storage]\ndatabase_url = "mysql://x"\n', "storage.database_url"),
        ('[logging]\nlevel = "LOUD"\n', "logging.level"),
    ],
)
def test_wrong_toml_value_is_refused_in_one_line(tmp_path: Path, toml: str, setting: str) -> None:
    """A wrong value in the file stops start-up with one line naming the setting."""
    message = _refusal(_toml(tmp_path, toml))
    assert message.startswith(f"setting {setting}: ")


@pytest.mark.parametrize(
    ("variable", "value", "setting"),
    [
        ("NETGROUPS_COMMUNITY_TIMEZONE", "Europe/Stokholm", "community.timezone"),
        ("NETGROUPS_COMMUNITY_LOCALE", "fr", "community.locale"),
        ("NETGROUPS_SECTIONS_REQUIRE_APPROVAL", "maybe", "sections.require_approval"),
        ("NETGROUPS_COMMUNITY_COLOUR", "red", "community.colour"),
        ("NETGROUPS_STORAGE_DATABASE_URL", "mysql://x", "storage.database_url"),
    ],
)
def test_wrong_environment_value_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, setting: str
) -> None:
    """A wrong value in the environment stops start-up with one line naming the setting."""
    monkeypatch.setenv(variable, value)
    assert _refusal().startswith(f"setting {setting}: ")


def test_unknown_key_points_to_the_example(tmp_path: Path) -> None:
    """An unknown key is called unknown, pointing at config.example.toml."""
    message = _refusal(_toml(tmp_path, '[community]\ncolour = "red"\n'))
    assert "not a setting" in message
    assert "config.example.toml" in message


def test_non_toml_file_is_refused_in_one_line(tmp_path: Path) -> None:
    """A file that is not TOML stops start-up with one line naming the file."""
    path = _toml(tmp_path, "community:\n  timezone: Europe/Stockholm\n", name="settings.yaml")
    message = _refusal(path)
    assert str(path) in message
    assert "not valid TOML" in message


def test_database_url_variable_used_when_own_url_unset() -> None:
    """The conventional DATABASE_URL is used when netgroups' own database URL is not set."""
    settings = load_settings(None, {"DATABASE_URL": "postgresql://app@db/netgroups"})
    assert settings.storage.url() == "postgresql://app@db/netgroups"


def test_own_database_url_in_environment_wins_over_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """NETGROUPS_STORAGE_DATABASE_URL wins over DATABASE_URL."""
    monkeypatch.setenv("NETGROUPS_STORAGE_DATABASE_URL", "postgresql://own@db/netgroups")
    monkeypatch.setenv("DATABASE_URL", "postgresql://generic@db/other")
    assert load_settings().storage.url() == "postgresql://own@db/netgroups"


def test_own_database_url_in_toml_wins_over_database_url(tmp_path: Path) -> None:
    """storage.database_url in the file wins over DATABASE_URL."""
    path = _toml(tmp_path, '[storage]\ndatabase_url = "postgresql://own@db/netgroups"\n')
    settings = load_settings(path, {"DATABASE_URL": "postgresql://generic@db/other"})
    assert settings.storage.url() == "postgresql://own@db/netgroups"


def test_database_url_variable_keeps_data_dir(tmp_path: Path) -> None:
    """Taking DATABASE_URL keeps the other storage settings from the file."""
    path = _toml(tmp_path, '[storage]\ndata_dir = "/srv/data"\n')
    settings = load_settings(path, {"DATABASE_URL": "postgresql://app@db/netgroups"})
    assert settings.storage.data_dir == Path("/srv/data")


def test_wrong_database_url_variable_is_refused() -> None:
    """An unsupported DATABASE_URL stops start-up with one line naming DATABASE_URL."""
    with pytest.raises(StartupError) as refusal:
        load_settings(None, {"DATABASE_URL": "mysql://user:pw-sekret@x/db"})
    message = str(refusal.value)
    assert message.startswith("DATABASE_URL: ")
    assert "\n" not in message
    assert "pw-sekret" not in message


@pytest.mark.parametrize("source", ["environment", "toml"])
def test_secret_never_printed_by_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    """The Discord token never shows in repr() or str() of the settings."""
    if source == "environment":
        monkeypatch.setenv("NETGROUPS_DISCORD_TOKEN", SECRET)
        settings = load_settings()
    else:
        settings = load_settings(_toml(tmp_path, f'[discord]\ntoken = "{SECRET}"\n'))
    assert settings.discord.token is not None
    assert settings.discord.token.get_secret_value() == SECRET
    for shown in (repr(settings), str(settings), repr(settings.discord), str(settings.discord.token)):
        assert SECRET not in shown


@pytest.mark.parametrize(
    "broken",
    [
        '[community]\ntimezone = "Europe/Stokholm"\n',
        '[community]\ncolour = "red"\n',
        '[discord]\ntoken = 123\nextra = "x"\n',
        "[discord\n",
    ],
)
def test_secret_never_in_error_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    """When start-up is refused, the message never contains the token."""
    monkeypatch.setenv("NETGROUPS_DISCORD_TOKEN", SECRET)
    assert SECRET not in _refusal(_toml(tmp_path, broken))


@pytest.mark.parametrize(
    "toml",
    [
        f'[discord]\ntoken = "{SECRET}"\n[community]\ntimezone = "Europe/Stokholm"\n',
        f'[discord]\ntoken = ["{SECRET}"]\n',
        f'[discord]\ntoken = "{SECRET}\n',
        f'[storage]\ndatabase_url = "mysql://u:{SECRET}@db/x"\n',
    ],
)
def test_secret_in_toml_never_in_error_messages(tmp_path: Path, toml: str) -> None:
    """A secret written in a broken settings file never appears in the refusal."""
    assert SECRET not in _refusal(_toml(tmp_path, toml))


@pytest.mark.parametrize(
    ("variable", "value", "read"),
    [
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", "1440,60", lambda s: s.meetings.reminder_minutes == [1440, 60]),
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", " 30 , 120 ", lambda s: s.meetings.reminder_minutes == [120, 30]),
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", "60", lambda s: s.meetings.reminder_minutes == [60]),
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", "[1440, 60]", lambda s: s.meetings.reminder_minutes == [1440, 60]),
        ("NETGROUPS_MATRIX_ADMINS", "@a:example.org", lambda s: s.matrix.admins == ["@a:example.org"]),
        (
            "NETGROUPS_MATRIX_ADMINS",
            "@a:example.org, @b:example.org",
            lambda s: s.matrix.admins == ["@a:example.org", "@b:example.org"],
        ),
        ("NETGROUPS_MATRIX_ADMINS", '["@a:example.org"]', lambda s: s.matrix.admins == ["@a:example.org"]),
    ],
    ids=["commas", "spaces", "one", "json", "one-admin", "two-admins", "json-admins"],
)
def test_list_from_environment_as_people_write_it_or_json(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, read: Callable[[Settings], bool]
) -> None:
    """A list setting from the environment may be written 1440,60 or as JSON."""
    monkeypatch.setenv(variable, value)
    assert read(load_settings())


@pytest.mark.parametrize(
    ("variable", "value", "start"),
    [
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", "[1440", "setting meetings.reminder_minutes: is not a list"),
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", "soon", "setting meetings.reminder_minutes"),
        ("NETGROUPS_MEETINGS_REMINDER_MINUTES", "1440,2", "setting meetings.reminder_minutes"),
        ("NETGROUPS_MEETINGS", "{", "setting meetings: "),
    ],
)
def test_wrong_list_from_environment_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, start: str
) -> None:
    """A list the environment gives wrongly stops start-up with one line naming the setting."""
    monkeypatch.setenv(variable, value)
    assert _refusal().startswith(start)


def test_libraries_log_at_info_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """logging.libraries is INFO unless set (the libraries log tokens at DEBUG)."""
    assert load_settings().logging.libraries == "INFO"
    monkeypatch.setenv("NETGROUPS_LOGGING_LIBRARIES", "DEBUG")
    assert load_settings().logging.libraries == "DEBUG"
