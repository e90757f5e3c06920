"""Bookkeeping about a member names the member: ``platform_state.member_id``.

A member's direct conversations (``dm:<member id>``), their link codes and a pending erasure are facts about
them: the column lets an export find them and an erasure take them with the member (ON DELETE CASCADE).
Direct conversations are linked to their member here; link codes (valid ten minutes) are dropped rather than
read back out of their JSON: a code given just before the upgrade must be asked for again.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_STATE = sa.table(
    "platform_state",
    sa.column("platform", sa.String),
    sa.column("key", sa.String),
    sa.column("member_id", sa.Integer),
)
_MEMBERS = sa.table("members", sa.column("id", sa.Integer))


def upgrade() -> None:
    with op.batch_alter_table("platform_state") as batch:
        batch.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_platform_state_member_id"), ["member_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_platform_state_member_id_members"), "members", ["member_id"], ["id"], ondelete="CASCADE"
        )
    op.execute(sa.delete(_STATE).where(_STATE.c.platform == "core", _STATE.c.key.like("link:%")))
    direct = _STATE.c.key.like("dm:%")
    # Only a dm: key is read as a number: PostgreSQL may evaluate a WHERE's terms in any order, a CASE's in its own.
    member_of_key = sa.case((direct, sa.cast(sa.func.substr(_STATE.c.key, 4), sa.Integer)))
    op.execute(sa.delete(_STATE).where(direct, member_of_key.not_in(sa.select(_MEMBERS.c.id))))
    op.execute(sa.update(_STATE).where(direct).values(member_id=member_of_key))


def downgrade() -> None:
    with op.batch_alter_table("platform_state") as batch:
        batch.drop_constraint(batch.f("fk_platform_state_member_id_members"), type_="foreignkey")
        batch.drop_index(batch.f("ix_platform_state_member_id"))
        batch.drop_column("member_id")
