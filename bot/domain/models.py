"""The nouns of the users' world: communities, sections, members, memberships, profiles."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


class SectionKind(enum.StrEnum):
    CENTRAL = "central"
    COORDINATORS = "coordinators"
    PROFESSION = "profession"
    REGION = "region"
    THEME = "theme"

    @property
    def is_builtin(self) -> bool:
        """Built-in sections exist once per community and are never proposed, left or archived."""
        return self in (SectionKind.CENTRAL, SectionKind.COORDINATORS)


#: The kinds a member may choose when proposing a section.
PROPOSABLE_KINDS = (SectionKind.PROFESSION, SectionKind.REGION, SectionKind.THEME)


class SectionStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Role(enum.StrEnum):
    MEMBER = "member"
    COORDINATOR = "coordinator"


class Permission(enum.StrEnum):
    """Who may run a command. Community admins may run everything."""

    MEMBER = "member"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Community:
    id: int
    name: str
    timezone: str
    locale: str


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    community_id: int
    display_name: str
    is_admin: bool
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    """A platform account as an adapter sees it, for the core to name as a member (made on first sight).

    Adapters hand this over instead of a member when resolving it first would cost a transaction of its
    own: the core resolves it inside the write that needs it (a reaction in a batch). ``display_name``
    None: the platform did not say (a Discord reaction removal); the stored name stays."""

    community_id: int
    platform: str
    external_id: str
    display_name: str | None
    admin: bool = False


@dataclass(frozen=True, slots=True)
class Identity:
    """A member's account on one platform (``console``, ``discord``, ``matrix``)."""

    member_id: int
    platform: str
    external_id: str


@dataclass(frozen=True, slots=True)
class Section:
    id: int
    community_id: int
    slug: str
    name: str
    kind: SectionKind
    status: SectionStatus
    description: str = ""
    purpose: str = ""
    proposed_by: int | None = None
    created_at: datetime | None = None
    #: Who is in it is nobody else's business: names are shown to its members only, privately.
    sensitive: bool = False


@dataclass(frozen=True, slots=True)
class Membership:
    section_id: int
    member_id: int
    role: Role


#: Profile fields in the order they are asked for and shown.
PROFILE_FIELDS = ("who", "does", "needs", "offers", "place", "trade", "company")


@dataclass(frozen=True, slots=True)
class Profile:
    member_id: int
    who: str = ""
    does: str = ""
    needs: str = ""
    offers: str = ""
    place: str = ""
    trade: str = ""
    company: str = ""
    visible: bool = False

    def with_changes(self, changes: Mapping[str, str], visible: bool | None) -> Profile:
        unknown = set(changes) - set(PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        visibility = self.visible if visible is None else visible
        # Keys were checked against PROFILE_FIELDS just above, all of which are str fields.
        return dataclasses.replace(self, **changes, visible=visibility)  # type: ignore[arg-type]

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PROFILE_FIELDS}

    @property
    def is_empty(self) -> bool:
        return not any(self.fields().values())


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    member: Member
    profile: Profile
    sections: tuple[str, ...] = field(default=())
