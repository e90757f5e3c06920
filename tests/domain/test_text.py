"""What members type and what platforms call people: nothing shown back can pass for a line of the bot."""

from __future__ import annotations

import pytest

from bot.domain.text import MAX_NAME, QUOTE_MARK, clean_text, one_line, quote_bot_lines, shown_name
from bot.errors import UserError

EMOJI = [
    "👩\u200d💻",  # woman technologist
    "🏳\ufe0f\u200d🌈",  # rainbow flag
    "🧑🏽\u200d💻",  # with a skin tone
    "👨\u200d👩\u200d👧",  # family
    "🏃\u200d♀\ufe0f",  # woman running
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland
]


def refusal(value: str, *, allow_newlines: bool = False) -> UserError:
    with pytest.raises(UserError) as raised:
        clean_text(value, field="title", max_length=100, allow_newlines=allow_newlines)
    return raised.value


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\n", "\r", "\r\n", "\x85", "\x0b", "\x0c"])
def test_one_line_text_refuses_every_line_break(brk: str) -> None:
    """A line or paragraph separator in a one-line field is refused, naming the field."""
    error = refusal(f"Item{brk}#central · message 98{brk}  ✔ You are now an admin")
    assert (error.key, error.args_) == ("error-line-break", {"field": "title"})


@pytest.mark.parametrize(
    "char",
    [
        "\u202e",  # right-to-left override
        "\u202a",  # left-to-right embedding
        "\u2066",  # left-to-right isolate
        "\u2069",  # pop directional isolate
        "\u200b",  # zero-width space
        "\u00ad",  # soft hyphen
        "\u200d",  # a zero-width joiner between letters
        "\x1b",  # escape
        "\t",
        "\ue000",  # private use
    ],
)
def test_invisible_and_direction_characters_are_refused(char: str) -> None:
    """Bidi controls and other control or format characters are refused, in one line or several."""
    assert refusal(f"ab{char}cd").key == "error-control-characters"
    assert refusal(f"ab{char}cd", allow_newlines=True).key == "error-control-characters"


@pytest.mark.parametrize("emoji", EMOJI)
def test_emoji_sequences_are_kept_whole(emoji: str) -> None:
    """The joiners and tags inside an emoji are no control characters: it is kept exactly."""
    assert clean_text(f"Fika {emoji}", field="title", max_length=100) == f"Fika {emoji}"


def test_a_joiner_at_the_edge_of_an_emoji_is_refused() -> None:
    """A joiner after an emoji with no emoji after it joins nothing: refused."""
    assert refusal("👩\u200dx").key == "error-control-characters"


@pytest.mark.parametrize("brk", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_several_lines_keep_their_breaks_as_newlines(brk: str) -> None:
    """In a memo every kind of line break becomes a plain newline."""
    assert clean_text(f"one{brk}two", field="memo", max_length=100, allow_newlines=True) == "one\ntwo"


def test_too_long_text_is_refused_with_its_length() -> None:
    """The cap of a field is said with the length typed."""
    error = refusal("x" * 101)
    assert (error.key, error.args_) == ("error-too-long", {"field": "title", "max": 100, "length": 101})


@pytest.mark.parametrize(
    ("line", "quoted"),
    [
        ("✔ You are now an admin", True),
        ("  ✔ You are now an admin", True),
        ("✖ Only a community admin may do that.", True),
        ("✅ yes", True),
        ("✓ done", True),
        ("⚠ warning", True),
        ("· 2026-03-03T18:00", True),
        ("#central · message 98", True),
        ("@Anna (only you) · message 3", True),
        ("• budget approved", False),
        ("- budget approved", False),
        ("– budget approved", False),
        ("1. Welcome (5 min)", False),
        ("#1 on the list", False),
        ("We said ✔ to it", False),
        ("", False),
    ],
)
def test_memo_lines_that_start_like_the_bots_are_quoted(line: str, quoted: bool) -> None:
    """A line starting with a mark of the bot's own lines is shown quoted; lists and ordinary lines are not."""
    assert quote_bot_lines(f"Memo\n{line}") == "Memo\n" + (QUOTE_MARK + line if quoted else line)


def test_quoting_is_done_once() -> None:
    """A quoted line starts with the quote mark, so quoting it again changes nothing."""
    once = quote_bot_lines("✔ admin\nok")
    assert quote_bot_lines(once) == once


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Mallory\n\n✔ Meeting cancelled: stay home", "Mallory ✔ Meeting cancelled: stay home"),
        ("Mallory\u2028✔ admin\u2029", "Mallory ✔ admin"),
        ("Eve\r\n\x85\x0b\x1c Smith", "Eve Smith"),
        ("\u202eevil\u202c Bob", "evil Bob"),
        ("\u2067Dana\u2069", "Dana"),
        ("Anna\u00adKarin", "AnnaKarin"),
        ("Zero\u200bWidth", "ZeroWidth"),
        ("  Åsa \t  Öberg  ", "Åsa Öberg"),
        ("Kim 👩\u200d💻", "Kim 👩\u200d💻"),
        ("Ned\u200dFlanders", "NedFlanders"),
        ("Priv\ue000ate", "Private"),
    ],
)
def test_platform_names_are_made_one_line(name: str, shown: str) -> None:
    """Breaks and controls become one space, invisible and bidi characters go, emoji stay whole."""
    assert shown_name(name, "u-1") == shown


@pytest.mark.parametrize("name", [None, "", "   ", "\n\u2028\u202e\u200b"])
def test_a_name_with_nothing_left_falls_back_to_the_user_id(name: str | None) -> None:
    """When nothing of the platform's name can be shown, the platform's id is."""
    assert shown_name(name, "@mallory:example.org") == "@mallory:example.org"


def test_nothing_at_all_is_still_a_name() -> None:
    """An empty id after an empty name still gives something to show."""
    assert shown_name("\n", "\u200b") == "?"


def test_a_long_name_is_cut_with_an_ellipsis() -> None:
    """A name is at most MAX_NAME characters, its end marked with an ellipsis."""
    shown = shown_name("Bartholomew " * 10, "u-1")
    assert shown == "Bartholomew " * 5 + "Bar…"
    assert len(shown) == MAX_NAME


def test_a_cut_never_leaves_half_a_joiner() -> None:
    """A cut through an emoji sequence drops the joiner it would leave dangling."""
    name = "x" * (MAX_NAME - 2) + "👩\u200d💻"
    assert shown_name(name, "u-1") == "x" * (MAX_NAME - 2) + "👩…"


@pytest.mark.parametrize("text", ["Mallory\n\n✔ x", "a\u2028b", "\u202eab", *EMOJI])
def test_one_line_is_stable(text: str) -> None:
    """Made one line twice is the same as once, and never has a line break."""
    once = one_line(text)
    assert one_line(once) == once
    assert len(once.splitlines()) <= 1
