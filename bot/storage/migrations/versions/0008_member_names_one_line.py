"""Members' names on one line: names the platforms gave before they were made safe where they come in
(a Matrix display name "Mallory\\n\\n✔ Meeting cancelled" made lines of its own in every call).

Each stored name is made what ``bot.domain.text.shown_name`` makes of a platform's name: line breaks and
controls a single space, invisible and bidi characters gone, at most 64 characters (an ellipsis at the
cut), the member's first platform id when nothing is left. Directory words are left as they are: line
breaks and invisible characters made no words, so only a name cut short keeps a word or two it lost,
which finds that member still.

Revision ID: 0008
Revises: 0007
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# bot.domain.text.shown_name as it was when this revision was written; frozen here so the migration
# gives the same names whatever that module becomes later.
_MAX_NAME = 64
_ZWJ = "\u200d"
_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_TRAILING = re.compile("[\\s\u200d\U000e0020-\U000e007f]+$")

_MEMBERS = sa.table("members", sa.column("id", sa.Integer), sa.column("display_name", sa.String))
_IDENTITIES = sa.table(
    "identities", sa.column("id", sa.Integer), sa.column("member_id", sa.Integer), sa.column("external_id", sa.String)
)


def _ends_emoji(char: str) -> bool:
    return char == "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff" or unicodedata.category(char) == "So"


def _emoji_format(text: str) -> set[int]:
    kept = {
        index
        for index, char in enumerate(text)
        if char == _ZWJ
        and 0 < index < len(text) - 1
        and _ends_emoji(text[index - 1])
        and unicodedata.category(text[index + 1]) == "So"
    }
    for found in _TAG_SEQUENCE.finditer(text):
        kept.update(range(found.start() + 1, found.end()))
    return kept


def _one_line(text: str) -> str:
    kept = _emoji_format(text)
    chars: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char.isspace() or category in ("Cc", "Zl", "Zp"):
            chars.append(" ")
        elif category not in ("Cf", "Cs", "Co") or index in kept:
            chars.append(char)
    return " ".join("".join(chars).split())


def _shown_name(name: str, user: str) -> str:
    for candidate in (name, user):
        shown = _one_line(candidate)
        if len(shown) > _MAX_NAME:
            shown = _TRAILING.sub("", shown[: _MAX_NAME - 1]) + "…"
        if shown:
            return shown
    return "?"


def upgrade() -> None:
    connection = op.get_bind()
    first_account = (
        sa.select(_IDENTITIES.c.external_id)
        .where(_IDENTITIES.c.member_id == _MEMBERS.c.id)
        .order_by(_IDENTITIES.c.id)
        .limit(1)
        .scalar_subquery()
    )
    rows = connection.execute(sa.select(_MEMBERS.c.id, _MEMBERS.c.display_name, first_account)).all()
    for member_id, name, user in rows:
        shown = _shown_name(name, user or "")
        if shown != name:
            connection.execute(sa.update(_MEMBERS).where(_MEMBERS.c.id == member_id).values(display_name=shown))


def downgrade() -> None:
    """Nothing to restore: the names the platforms gave come again with the members' next command."""
