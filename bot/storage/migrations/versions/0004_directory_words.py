"""Directory words: the words each visible profile is found by, filled from today's profiles; an
index to find a section's next meeting by its series and start.

Revision ID: 0004
Revises: 0003
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The words as bot.domain.words made them when this revision was written; frozen here so the
# migration gives the same rows whatever that module becomes later.
_FIELDS = ("who", "does", "needs", "offers", "place", "trade", "company")
_WORD = re.compile(r"[a-z0-9]+")
_BATCH = 2000


def _words(text: str) -> dict[str, str]:
    """Each word, cut to 32 letters, with its ending (the whole word reversed, then cut)."""
    folded = anyascii(unicodedata.normalize("NFC", text)).casefold()
    return {word[:32]: word[::-1][:32] for word in _WORD.findall(folded)}


def upgrade() -> None:
    words = op.create_table(
        "profile_words",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("ending", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_profile_words_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_profile_words_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("community_id", "word", "member_id", name=op.f("pk_profile_words")),
    )
    op.create_index(op.f("ix_profile_words_member_id"), "profile_words", ["member_id"], unique=False)
    op.create_index(
        "ix_profile_words_community_id_ending", "profile_words", ["community_id", "ending", "member_id"], unique=False
    )
    op.create_index("ix_occurrences_series_id_start_at", "occurrences", ["series_id", "start_at"], unique=False)
    _fill(words)


def _fill(words: sa.Table) -> None:
    members = sa.table("members", sa.column("id"), sa.column("community_id"), sa.column("display_name"))
    profiles = sa.table("profiles", sa.column("member_id"), sa.column("visible"), *(sa.column(f) for f in _FIELDS))
    query = (
        sa.select(members.c.id, members.c.community_id, members.c.display_name, *(profiles.c[f] for f in _FIELDS))
        .join(profiles, profiles.c.member_id == members.c.id)
        .where(profiles.c.visible.is_(True))
    )
    bind = op.get_bind()
    last = 0
    while True:
        batch = bind.execute(query.where(members.c.id > last).order_by(members.c.id).limit(_BATCH)).all()
        if not batch:
            return
        rows = [
            {"community_id": row.community_id, "word": word, "ending": ending, "member_id": row.id}
            for row in batch
            for word, ending in _words(" \n ".join([row.display_name, *(getattr(row, f) for f in _FIELDS)])).items()
        ]
        if rows:
            bind.execute(sa.insert(words), rows)
        last = batch[-1].id


def downgrade() -> None:
    op.drop_index("ix_occurrences_series_id_start_at", table_name="occurrences")
    op.drop_index("ix_profile_words_community_id_ending", table_name="profile_words")
    op.drop_index(op.f("ix_profile_words_member_id"), table_name="profile_words")
    op.drop_table("profile_words")
