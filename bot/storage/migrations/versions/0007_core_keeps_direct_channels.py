"""Adapters' bookkeeping the core now keeps itself, or no longer needs.

- Direct conversations are kept by the core as ``dm:<member id>`` for every platform. Discord's adapter kept
  them as ``dm:<Discord user id>``: a cache of channels Discord gives again on request, so they are dropped.
- Matrix's adapter kept a queue of requests to retry (``pending``) and a mark per member welcomed
  (``welcomed:<member id>``); invitations and answers now go through the outbox, like every other delivery.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_STATE = sa.table("platform_state", sa.column("platform", sa.String), sa.column("key", sa.String))


def upgrade() -> None:
    op.execute(sa.delete(_STATE).where(_STATE.c.platform == "discord", _STATE.c.key.like("dm:%")))
    op.execute(
        sa.delete(_STATE).where(
            _STATE.c.platform == "matrix", sa.or_(_STATE.c.key == "pending", _STATE.c.key.like("welcomed:%"))
        )
    )


def downgrade() -> None:
    """Nothing to restore: what was dropped is made again on demand."""
