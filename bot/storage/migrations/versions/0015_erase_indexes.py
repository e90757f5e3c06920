"""Indexes on the columns that name a member in rows of others (a section they proposed, a series they scheduled, an
agenda item they proposed, a memo they wrote): export and erase find a member's rows by them.

Without them SQLite scanned each of the four tables whole, for the export's ``WHERE column = ?`` and for the child
lookup of ``ON DELETE SET NULL`` when the member's row is deleted (EXPLAIN QUERY PLAN: ``SCAN memos`` and so on;
PostgreSQL indexes no foreign key by itself either). The other columns that name a member had theirs already.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

#: (table, column): each gets the index SQLAlchemy names ``ix_<table>_<column>`` (schema.py has ``index=True``).
INDEXED = (
    ("sections", "proposed_by"),
    ("meeting_series", "created_by"),
    ("agenda_items", "proposed_by"),
    ("memos", "author_id"),
)


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(INDEXED):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
