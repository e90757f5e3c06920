"""The coordinator's digest (issue 14): each member's digest setting and hour; calls only for confirmed meetings.

``members.digest_mode`` (daily, weekly, off) and ``members.digest_hour`` (a local hour, null: the default 09);
``meeting_series.confirm_calls``: a call goes out only for an occurrence a coordinator confirmed
(``occurrences.confirmed``).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("digest_mode", sa.String(16), nullable=False, server_default="daily"))
        batch.add_column(sa.Column("digest_hour", sa.Integer(), nullable=True))
    with op.batch_alter_table("meeting_series") as batch:
        batch.add_column(sa.Column("confirm_calls", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("confirmed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("confirmed")
    with op.batch_alter_table("meeting_series") as batch:
        batch.drop_column("confirm_calls")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("digest_hour")
        batch.drop_column("digest_mode")
