"""Partial indexes for the coordinators' digests: the coordinators among the memberships, and the digests waiting
among the deliveries.

Before, the look at which coordinators have no digest waiting read every membership (``SCAN memberships``, four
million rows at scale 100) and, for each coordinator, every delivery ever addressed to them; it ran at every planning
round and held SQLite's one connection for 0.1 - 0.3 s each time (benchmarks/README, timers).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_COORDINATING = sa.text("role = 'coordinator'")
_DIGEST_WAITING = sa.text("kind = 'digest' AND state IN ('pending', 'claimed')")


def upgrade() -> None:
    op.create_index(
        "ix_memberships_coordinators",
        "memberships",
        ["member_id"],
        sqlite_where=_COORDINATING,
        postgresql_where=_COORDINATING,
    )
    op.create_index(
        "ix_outbox_digests_waiting",
        "outbox",
        ["member_id"],
        sqlite_where=_DIGEST_WAITING,
        postgresql_where=_DIGEST_WAITING,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_digests_waiting", table_name="outbox")
    op.drop_index("ix_memberships_coordinators", table_name="memberships")
