"""Foundation: communities, members and their identities, sections, memberships, profiles.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "communities",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_communities"),
    )
    op.create_table(
        "community_bindings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("community_id", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_community_bindings"),
        _fk("community_bindings", "community_id", "communities", "CASCADE"),
        sa.UniqueConstraint("platform", "external_id", name="uq_community_bindings_platform"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("community_id", sa.Integer, nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("is_admin", sa.Boolean, nullable=False),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
        _fk("members", "community_id", "communities", "CASCADE"),
    )
    op.create_index("ix_members_community_id", "members", ["community_id"])
    op.create_table(
        "identities",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("community_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_identities"),
        _fk("identities", "community_id", "communities", "CASCADE"),
        _fk("identities", "member_id", "members", "CASCADE"),
        sa.UniqueConstraint("community_id", "platform", "external_id", name="uq_identities_account"),
    )
    op.create_index("ix_identities_member_id", "identities", ["member_id"])
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("community_id", sa.Integer, nullable=False),
        sa.Column("slug", sa.String(32), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("proposed_by", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("archived_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sections"),
        _fk("sections", "community_id", "communities", "CASCADE"),
        _fk("sections", "proposed_by", "members", "SET NULL"),
        sa.UniqueConstraint("community_id", "slug", name="uq_sections_slug"),
    )
    op.create_table(
        "section_bindings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("section_id", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.Column("role_id", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_section_bindings"),
        _fk("section_bindings", "section_id", "sections", "CASCADE"),
        sa.UniqueConstraint("section_id", "platform", name="uq_section_bindings_section"),
        sa.UniqueConstraint("platform", "external_id", name="uq_section_bindings_channel"),
    )
    op.create_table(
        "memberships",
        sa.Column("section_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("joined_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("section_id", "member_id", name="pk_memberships"),
        _fk("memberships", "section_id", "sections", "CASCADE"),
        _fk("memberships", "member_id", "members", "CASCADE"),
    )
    op.create_index("ix_memberships_member_id", "memberships", ["member_id"])
    op.create_table(
        "profiles",
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("does", sa.Text, nullable=False),
        sa.Column("needs", sa.Text, nullable=False),
        sa.Column("offers", sa.Text, nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("trade", sa.String(100), nullable=False),
        sa.Column("company", sa.String(100), nullable=False),
        sa.Column("visible", sa.Boolean, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_profiles"),
        _fk("profiles", "member_id", "members", "CASCADE"),
    )


def downgrade() -> None:
    for table in (
        "profiles",
        "memberships",
        "section_bindings",
        "sections",
        "identities",
        "members",
        "community_bindings",
        "communities",
    ):
        op.drop_table(table)
