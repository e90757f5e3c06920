"""Members by platform account, and communities by platform place, kept in memory.

Every reaction and command names its author by platform account; looking the member up is a
transaction of its own, the largest share of a reaction's cost. Communities and their bindings are
never changed or removed, so they are kept for good. An account's member changes when identities
are linked or unlinked: :class:`~bot.services.identities.IdentityService` forgets every account
then (before and after its commit), and the services that change a member's fields put the new
member back. Entries are added only after the transaction that read them has committed.
"""

from __future__ import annotations

from bot.domain.models import Community, Member

AccountKey = tuple[int, str, str]  # community id, platform, account id

#: Bounded so a federation of millions keeps only its active members (oldest entries go first).
MAX_MEMBERS = 100_000


class MemberCache:
    def __init__(self, max_members: int = MAX_MEMBERS) -> None:
        self._members: dict[AccountKey, Member] = {}
        self._communities: dict[tuple[str, str], Community] = {}
        self._max_members = max_members

    def member(self, key: AccountKey) -> Member | None:
        return self._members.get(key)

    def put_member(self, key: AccountKey, member: Member) -> None:
        if key not in self._members and len(self._members) >= self._max_members:
            del self._members[next(iter(self._members))]
        self._members[key] = member

    def replace_member(self, member: Member) -> None:
        """The member's fields changed: every account of theirs now maps to the new value."""
        for key, cached in self._members.items():
            if cached.id == member.id:
                self._members[key] = member

    def forget_members(self) -> None:
        self._members.clear()

    def community(self, platform: str, external_id: str) -> Community | None:
        return self._communities.get((platform, external_id))

    def put_community(self, platform: str, external_id: str, community: Community) -> None:
        self._communities[(platform, external_id)] = community
