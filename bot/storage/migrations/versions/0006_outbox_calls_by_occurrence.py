"""Reading back meeting calls after start: their index, and what each call shows.

The outbox's occurrence index also names kind, platform and state, so a meeting's calls are found on it.

Reading back the calls of the coming meetings asks the outbox for ``occurrence_id IN (…) AND kind AND
platform AND state``. With only ``occurrence_id`` indexed, SQLite (no statistics) preferred the
``(state, due_at)`` or ``(platform, external_message)`` index and walked every row ever sent. The new
index leads with ``occurrence_id``, so it serves every query of the old one, which is dropped.

``shown_digest``: a digest of the content a call shows, so a call whose edit was lost with the process is
edited at the next start, and only such a call.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_occurrence_kind_platform_state",
        "outbox",
        ["occurrence_id", "kind", "platform", "state"],
        unique=False,
    )
    op.drop_index(op.f("ix_outbox_occurrence_id"), table_name="outbox")
    op.add_column("outbox", sa.Column("shown_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("shown_digest")
    op.create_index(op.f("ix_outbox_occurrence_id"), "outbox", ["occurrence_id"], unique=False)
    op.drop_index("ix_outbox_occurrence_kind_platform_state", table_name="outbox")
