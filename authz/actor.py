"""The acting user of a request or command, with the grants that are in force for them now."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
            RoleGrant.id,
            RoleGrant.role,
            RoleGrant.organization_id,
            Organization.path,  # type: ignore[arg-type]
            RoleGrant.subtree,
        )
        .outerjoin(Organization, Organization.id == RoleGrant.organization_id)  # type: ignore[arg-type]
        .where(
            RoleGrant.user_id == user_id,
            RoleGrant.revoked_at.is_(None),  # type: ignore[union-attr]
            # A grant on a dissolved org stays on record but no longer gives power.
            Organization.dissolved_on.is_(None),  # type: ignore[union-attr]
        )
        .order_by(RoleGrant.id)  # type: ignore[arg-type]
    )
    return tuple(
        GrantScope(grant_id=r[0], role=Role(r[1]), organization_id=r[2], org_path=r[3], subtree=r[4])
        for r in rows
    )
