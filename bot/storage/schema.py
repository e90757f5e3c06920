"""The tables, in SQLAlchemy Core. Migrations create them; this module is what queries use.

A test compares this metadata with the database the migrations build, so the two cannot drift.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    literal_column,
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
    # Where this member wants meeting reminders: channel, dm or none (migration 0002).
    Column("reminder_via", String(16), nullable=False, server_default="channel"),
    # The platform a member with accounts on several chose for direct reminders (migration 0005);
    # null: the platform of their first account.
    Column("direct_platform", String(16), nullable=True),
    # Said yes (or no) to being suggested when a section has no coordinator; null: never said (migration 0014).
    Column("ask_to_coordinate", Boolean, nullable=True),
    # The last day they typed a command or became a coordinator: a sign of life (migration 0014).
    Column("last_active_at", UTCDateTime, nullable=True),
    # A coordinator's digest (migration 0013): daily, weekly or off, at a local hour (null: the default, 09).
    Column("digest_mode", String(16), nullable=False, server_default="daily"),
    Column("digest_hour", Integer, nullable=True),
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
    Column("proposed_by", ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("archived_at", UTCDateTime, nullable=True),
    # Membership is sensitive (GDPR Art. 9: a union's section): names are shown to its members only (0010).
    Column("sensitive", Boolean, nullable=False, server_default=false()),
    # Its coordinators agree that its rising attendance is named in the coordinators' meeting (migration 0014).
    Column("share_what_works", Boolean, nullable=False, server_default=false()),
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
    # A coordinator's name is shown on the section's public page (they said so: migration 0011).
    Column("public", Boolean, nullable=False, server_default=false()),
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


# --- Meetings (migration 0002) ---------------------------------------------------------------

# A recurring meeting of one section, kept as rule + zone + local wall time so that 18:00 stays
# 18:00 across daylight-saving switches. "Edit from this date on" ends one series and starts
# the next (previous_id links them), so past occurrences keep what they were.
meeting_series = Table(
    "meeting_series",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("rrule", String(255), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("local_time", String(5), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("place", Text, nullable=False, default=""),
    Column("start_date", Date, nullable=False),
    Column("until_date", Date, nullable=True),
    Column("capacity", Integer, nullable=True),
    Column("call_days_before", Integer, nullable=False),
    Column("reminder_minutes", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("previous_id", ForeignKey("meeting_series.id", ondelete="SET NULL"), nullable=True),
    Column("created_by", ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    # Occurrences are materialised up to planned_until; the planner looks again at next_plan_at.
    Column("planned_until", UTCDateTime, nullable=True),
    Column("next_plan_at", UTCDateTime, nullable=True, index=True),
    # Bumped when the series or one of its meetings changes what a calendar shows (SEQUENCE; migration 0011).
    Column("revision", Integer, nullable=False, server_default="0"),
    # Calls only for occurrences a coordinator confirmed (``meeting confirm``; migration 0013).
    Column("confirm_calls", Boolean, nullable=False, server_default=false()),
)

occurrences = Table(
    "occurrences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("series_id", ForeignKey("meeting_series.id", ondelete="CASCADE"), nullable=False),
    # The instant the rule gave (RFC 5545 RECURRENCE-ID): the occurrence's identity, even when moved.
    Column("original_start", UTCDateTime, nullable=False),
    Column("start_at", UTCDateTime, nullable=False),
    Column("end_at", UTCDateTime, nullable=False),
    Column("place", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("agenda_touched", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
    # Marked held by a coordinator (migration 0012): memo prompts go out even with no yes answer.
    Column("held", Boolean, nullable=False, server_default=false()),
    # Confirmed by a coordinator (``meeting confirm``; migration 0013): its call may go out in a confirm:yes series.
    Column("confirmed", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("series_id", "original_start", name="uq_occurrences_series_id"),
    Index("ix_occurrences_start_at", "start_at"),
)

rsvps = Table(
    "rsvps",
    metadata,
    Column("occurrence_id", ForeignKey("occurrences.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("answer", String(8), nullable=False),
    Column("waitlisted", Boolean, nullable=False, default=False),
    Column("source", String(16), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# "Always coming": a yes for every occurrence of a series, until withdrawn.
standing_rsvps = Table(
    "standing_rsvps",
    metadata,
    Column("series_id", ForeignKey("meeting_series.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
)

agenda_items = Table(
    "agenda_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("occurrence_id", ForeignKey("occurrences.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("proposed_by", ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
)

memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("occurrence_id", ForeignKey("occurrences.id", ondelete="SET NULL"), nullable=True),
    Column("author_id", ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("body", Text, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("posted_at", UTCDateTime, nullable=False),
    # Shown on the section's public page and in its Atom feed (``memo post … public:yes``; migration 0011).
    Column("public", Boolean, nullable=False, server_default=false()),
)

# The delivery outbox: one row per (what, target, platform), unique by dedupe_key, so planning
# twice is a no-op. The row is the source of truth; timers only wake the worker.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dedupe_key", String(160), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), nullable=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("occurrence_id", ForeignKey("occurrences.id", ondelete="CASCADE"), nullable=True),
    Column("memo_id", ForeignKey("memos.id", ondelete="CASCADE"), nullable=True),
    Column("series_id", ForeignKey("meeting_series.id", ondelete="CASCADE"), nullable=True),
    Column("due_at", UTCDateTime, nullable=False),
    # Past this instant the delivery would mislead (a reminder after the start): skip it.
    Column("deadline_at", UTCDateTime, nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("external_channel", String(255), nullable=True),
    Column("external_message", String(255), nullable=True),
    Column("note", Text, nullable=True),
    # A ready-made post (JSON of a neutral Reply) for kinds whose content is fixed when queued.
    Column("payload", Text, nullable=True),
    # For a meeting call: a digest of the content the platform shows, written after the post and each edit,
    # so an edit owed when the process died is found at the next start (migration 0006).
    Column("shown_digest", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_outbox_state_due_at", "state", "due_at"),
    Index("ix_outbox_platform_external_message", "platform", "external_message"),
    # Leads with occurrence_id (every per-meeting lookup uses it); the other three make it the obvious
    # choice for "this meeting's sent calls on a platform", which SQLite otherwise answers from the
    # (state, due_at) index by walking the whole history (migration 0006).
    Index("ix_outbox_occurrence_kind_platform_state", "occurrence_id", "kind", "platform", "state"),
)

PERSONAL_DATA.update(
    {
        "rsvps": "member_id",
        "standing_rsvps": "member_id",
        "agenda_items": "proposed_by",
        "memos": "author_id",
        "meeting_series": "created_by",
        "outbox": "member_id",
    }
)


# --- Platform state (migration 0003) -----------------------------------------------------------

# Small facts an adapter must keep across restarts: the hash of the commands last synced to a
# Discord guild, recent logins (to back off in a crash loop), a Matrix sync token.
platform_state = Table(
    "platform_state",
    metadata,
    Column("platform", String(16), primary_key=True),
    Column("key", String(160), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # The member a fact is about (a direct conversation, a link code, an erasure asked for), so that their
    # export finds it and their erasure takes it along (migration 0009).
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=True, index=True),
)

PERSONAL_DATA["platform_state"] = "member_id"


# --- Directory words (migration 0004) ----------------------------------------------------------

# The words each visible profile is found by (bot.domain.words), one row per distinct word, so a
# directory search reads a range of an index per query word instead of every profile of the
# community: of (community, word) for beginnings, of (community, ending) for endings ("terapeut"
# in "zonterapeut"). Hidden profiles have none. Kept in step by bot.storage.repositories.directory.
profile_words = Table(
    "profile_words",
    metadata,
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True),
    Column("word", String(32), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    # The word reversed: an index on it finds words by how they end.
    Column("ending", String(32), nullable=False),
    Index("ix_profile_words_community_id_ending", "community_id", "ending", "member_id"),
)

PERSONAL_DATA["profile_words"] = "member_id"

# Finding a section's next meeting from its series without reading their whole history.
Index("ix_occurrences_series_id_start_at", occurrences.c.series_id, occurrences.c.start_at)

# --- Coordinators' digests (migration 0016) ----------------------------------------------------------------------
# Who coordinates, and whose digest waits: a few rows of millions. Every coordinator is looked at when the bot starts
# and every few minutes (``bot.delivery.digests``); without these that look read every membership and every delivery
# of every coordinator (0.1 - 0.3 s at scale 100, holding SQLite's one connection). The queries name the constants
# literally: PostgreSQL uses a partial index only where the WHERE implies its own, which a generic plan for a
# prepared statement (asyncpg's) with the constants as parameters cannot show.
COORDINATING = memberships.c.role == literal_column("'coordinator'")
DIGEST_WAITING = (outbox.c.kind == literal_column("'digest'")) & outbox.c.state.in_(
    [literal_column("'pending'"), literal_column("'claimed'")]
)
Index("ix_memberships_coordinators", memberships.c.member_id, sqlite_where=COORDINATING, postgresql_where=COORDINATING)
Index("ix_outbox_digests_waiting", outbox.c.member_id, sqlite_where=DIGEST_WAITING, postgresql_where=DIGEST_WAITING)


# --- Calendar feeds (migration 0011) -------------------------------------------------------------

# A member's secret token for their personal calendar feed (``calendar``; ``calendar reset`` draws a new one).
calendar_tokens = Table(
    "calendar_tokens",
    metadata,
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    # The feed holds every meeting of their sections, not only those they answered yes or maybe to.
    Column("all_sections", Boolean, nullable=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
)

PERSONAL_DATA["calendar_tokens"] = "member_id"
