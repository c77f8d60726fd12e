"""The acting user of a request or command, with the grants that are in force for them now."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.models import RoleGrant
from authz.roles import Role
from domain.orgs.models import Organization

GLOBAL = "*"  # the domain pattern of a global grant: every path


@dataclass(frozen=True)
class GrantScope:
    grant_id: int
    role: Role
    organization_id: int | None
    org_path: str | None  # None for a global grant
    subtree: bool

    @property
    def pattern(self) -> str:
        """The Casbin domain this grant covers: `/1/5/*` for a subtree, `/1/5/` for the node alone."""
        if self.org_path is None:
            return GLOBAL
        return self.org_path + "*" if self.subtree else self.org_path


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    grants: tuple[GrantScope, ...] = field(default=())

    @property
    def subject(self) -> str:
        return f"user:{self.user_id}"

    def has_role(self, role: Role) -> bool:
        return any(g.role is role for g in self.grants)


async def load_grants(session: AsyncSession, user_id: int) -> tuple[GrantScope, ...]:
    # Paths are joined, not copied into grants, so a moved org carries its grants along.
    rows = await session.execute(
        select(
            col(RoleGrant.id),
            col(RoleGrant.role),
            col(RoleGrant.organization_id),
            col(Organization.path),
            col(RoleGrant.subtree),
        )
        .outerjoin(Organization, col(Organization.id) == col(RoleGrant.organization_id))
        .where(
            col(RoleGrant.user_id) == user_id,
            col(RoleGrant.revoked_at).is_(None),
            # A grant on a dissolved org stays on record but no longer gives power.
            col(Organization.dissolved_on).is_(None),
        )
        .order_by(col(RoleGrant.id))
    )
    return tuple(
        GrantScope(grant_id=grant_id, role=Role(role), organization_id=org_id, org_path=path, subtree=subtree)
        for grant_id, role, org_id, path, subtree in rows
        if grant_id is not None
    )
