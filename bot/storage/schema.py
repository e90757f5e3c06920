"""The tables, in SQLAlchemy Core. Migrations create them; this module is what queries use.

A test compares this metadata with the database the migrations build, so the two cannot drift.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (no zones) and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


communities = Table(
    "communities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("locale", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Where a community lives on each platform: a Discord guild, a Matrix space, the console.
community_bindings = Table(
    "community_bindings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("external_id", String(255), nullable=False),
    UniqueConstraint("platform", "external_id", name="uq_community_bindings_platform"),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("display_name", String(100), nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("locale", String(16), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

identities = Table(
    "identities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("platform", String(16), nullable=False),
    Column("external_id", String(255), nullable=False),
    UniqueConstraint("community_id", "platform", "external_id", name="uq_identities_account"),
)

sections = Table(
    "sections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("slug", String(32), nullable=False),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("purpose", Text, nullable=False, default=""),
    Column("proposed_by", ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("archived_at", UTCDateTime, nullable=True),
    UniqueConstraint("community_id", "slug", name="uq_sections_slug"),
)

# A section's channel on each platform (Discord text channel, Matrix room, console channel).
section_bindings = Table(
    "section_bindings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("role_id", String(255), nullable=True),
    UniqueConstraint("section_id", "platform", name="uq_section_bindings_section"),
    UniqueConstraint("platform", "external_id", name="uq_section_bindings_channel"),
)

memberships = Table(
    "memberships",
    metadata,
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("role", String(16), nullable=False),
    Column("joined_at", UTCDateTime, nullable=False),
)

profiles = Table(
    "profiles",
    metadata,
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("who", Text, nullable=False, default=""),
    Column("does", Text, nullable=False, default=""),
    Column("needs", Text, nullable=False, default=""),
    Column("offers", Text, nullable=False, default=""),
    Column("place", String(100), nullable=False, default=""),
    Column("trade", String(100), nullable=False, default=""),
    Column("company", String(100), nullable=False, default=""),
    Column("visible", Boolean, nullable=False, default=False),
    # Folded (lower-case, accents removed) copy of the searchable fields and the name.
    Column("search_text", Text, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
)

#: Tables holding personal data, with the column that names the member. Export and erasure
#: walk this list; a test fails when a table refers to members and is missing here.
PERSONAL_DATA: dict[str, str] = {
    "members": "id",
    "identities": "member_id",
    "memberships": "member_id",
    "profiles": "member_id",
    "sections": "proposed_by",
}
