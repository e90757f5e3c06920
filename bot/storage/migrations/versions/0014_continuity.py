"""Continuity (issue 14): who may be asked to coordinate, when a member last did something, what a section shares.

``members.ask_to_coordinate``: the member said yes (or no) to being suggested when a section has no coordinator
(null: never said; only a yes is suggested). ``members.last_active_at``: the last day they typed a command (or
became a coordinator), one of the signs of life that tell an active coordinator; members already there start
now, so nobody is reported inactive the day this arrives. ``sections.share_what_works``: the section's
coordinators agree that its rising attendance is named in the coordinators' meeting ("what works").

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("ask_to_coordinate", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("last_active_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("sections") as batch:
        batch.add_column(sa.Column("share_what_works", sa.Boolean(), nullable=False, server_default=sa.false()))
    # UTC, as every instant is stored (PostgreSQL's CURRENT_TIMESTAMP would be cast to the server's own zone).
    utc_now = "timezone('utc', now())" if op.get_bind().dialect.name == "postgresql" else "CURRENT_TIMESTAMP"
    op.execute(sa.text(f"UPDATE members SET last_active_at = {utc_now}"))  # noqa: S608 - no user input


def downgrade() -> None:
    with op.batch_alter_table("sections") as batch:
        batch.drop_column("share_what_works")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("last_active_at")
        batch.drop_column("ask_to_coordinate")
