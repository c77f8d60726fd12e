"""Accounts, sign-in and role grants. Functions flush, never commit."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor, load_grants
from authz.authorizer import AUTHORIZER
from authz.models import RoleGrant
from authz.roles import Action, Resource, Role
from domain import audit
from domain.accounts import rules
from domain.accounts.errors import AccountError
from domain.accounts.models import SignInThrottle, User
from domain.accounts.passwords import burn_verify, hash_password, verify_password
from domain.accounts.tokens import IssuedToken, issue_token
from domain.errors import DomainError, forbidden, not_found
from domain.orgs.models import Organization
from domain.orgs.service import load_org
from domain.settings import Settings
from domain.timeutil import utcnow


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: IssuedToken


async def load_actor(session: AsyncSession, user_id: int) -> Actor | None:
    """The actor behind a token, or None if the account is gone or disabled. Every request runs this,
    so it reads two columns rather than the whole account."""
    username = await session.scalar(
        select(col(User.username)).where(col(User.id) == user_id, col(User.is_active).is_(True))
    )
    if username is None:
        return None
    return Actor(user_id=user_id, username=username, grants=await load_grants(session, user_id))


async def sign_in(session: AsyncSession, *, settings: Settings, username: str, password: str) -> SignedIn:
    name = rules.normalize_username(username)[:64]
    audit.note(session, object_type="User", changes={"username": name})
    now = utcnow()
    throttle = await session.get(SignInThrottle, name, with_for_update=True)
    if throttle and rules.is_locked(throttle.locked_until, now):
        burn_verify(password)
        raise _locked(settings)
    user = (await session.execute(select(User).where(col(User.username) == name))).scalar_one_or_none()
    if user is not None and user.is_active and verify_password(user.password_hash, password):
        if throttle:
            await session.delete(throttle)
        audit.note(session, object_id=user.id)
        assert user.id is not None
        return SignedIn(user=user, token=issue_token(settings, user.id))
    if user is None:
        burn_verify(password)
    if throttle is None:
        throttle = SignInThrottle(username=name)
        session.add(throttle)
    throttle.failures, throttle.locked_until = rules.after_failure(
        throttle.failures, now, settings.lockout_failures, settings.lockout_minutes
    )
    throttle.last_failure_at = now
    await session.flush()
    if throttle.locked_until:
        raise _locked(settings)
    raise DomainError(AccountError.INVALID_CREDENTIALS, "用户名或密码错误", keep_changes=True)


def _locked(settings: Settings) -> DomainError:
    # The same words whether or not the name is an account: a lockout must not confirm it exists.
    return DomainError(
        AccountError.ACCOUNT_LOCKED,
        f"连续登录失败次数过多，该用户名已被锁定 {settings.lockout_minutes} 分钟，请稍后再试",
        keep_changes=True,
    )


async def _add_user(
    session: AsyncSession, *, username: str, password: str, display_name: str, created_by: int | None
) -> User:
    name = rules.check_username(username)
    display = rules.check_display_name(display_name)
    rules.check_password(password, name)
    user = User(username=name, display_name=display, password_hash=hash_password(password), created_by=created_by)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as error:
        raise DomainError(AccountError.DUPLICATE_USERNAME, "用户名已被使用", field=["username"]) from error
    audit.note(
        session,
        object_type="User",
        object_id=user.id,
        changes={"username": name, "display_name": display, "password": True},
    )
    return user


async def create_user(session: AsyncSession, *, actor: Actor, username: str, password: str, display_name: str) -> User:
    audit.note(session, object_type="User")
    if not AUTHORIZER.can_anywhere(actor, Resource.USER, Action.WRITE):
        raise forbidden("只有系统管理员和党务工作者可以创建账号")
    return await _add_user(
        session, username=username, password=password, display_name=display_name, created_by=actor.user_id
    )


async def create_admin(session: AsyncSession, *, username: str, password: str, display_name: str) -> User:
    """The bootstrap door (`zhdj create-admin`): a global ADMIN grant, made by whoever runs the server."""
    user = await _add_user(session, username=username, password=password, display_name=display_name, created_by=None)
    assert user.id is not None
    session.add(RoleGrant(user_id=user.id, role=Role.ADMIN, organization_id=None, subtree=True))
    await session.flush()
    return user


async def grant_role(
    session: AsyncSession, *, actor: Actor, user_id: int, role: Role, organization_id: int, subtree: bool
) -> RoleGrant:
    audit.note(session, object_type="RoleGrant", changes={"user_id": user_id, "role": role, "subtree": subtree})
    org = await load_org(session, organization_id)
    if org is None or not AUTHORIZER.can(actor, org.path, Resource.ORGANIZATION, Action.READ):
        raise not_found("组织", field=["organizationId"])
    audit.note(session, org_id=org.id, org_path=org.path)
    if not AUTHORIZER.can_grant(actor, role, org.path, subtree):
        raise forbidden("无权在该组织授予此角色")
    if org.dissolved_on is not None:
        raise DomainError(AccountError.GRANT_ON_DISSOLVED_ORG, "不能在已撤销的组织上授予角色", field=["organizationId"])
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise not_found("用户", field=["userId"])
    existing = await session.scalar(
        select(col(RoleGrant.id)).where(
            col(RoleGrant.user_id) == user_id,
            col(RoleGrant.role) == role,
            col(RoleGrant.organization_id) == organization_id,
            col(RoleGrant.subtree) == subtree,
            col(RoleGrant.revoked_at).is_(None),
        )
    )
    if existing is not None:
        raise DomainError(AccountError.DUPLICATE_GRANT, "该用户已在此组织拥有此角色", field=["role"])
    grant = RoleGrant(
        user_id=user_id, role=role, organization_id=organization_id, subtree=subtree, granted_by=actor.user_id
    )
    session.add(grant)
    await session.flush()
    audit.note(session, object_id=grant.id)
    return grant


async def revoke_role(session: AsyncSession, *, actor: Actor, grant_id: int) -> RoleGrant:
    audit.note(session, object_type="RoleGrant", object_id=grant_id)
    grant = await session.get(RoleGrant, grant_id, with_for_update=True)
    org = await load_org(session, grant.organization_id) if grant and grant.organization_id else None
    path = org.path if org else "/"
    if grant is None or not AUTHORIZER.can(actor, path, Resource.ORGANIZATION, Action.READ):
        raise not_found("授权", field=["grantId"])
    audit.note(session, org_id=grant.organization_id, org_path=org.path if org else None)
    # The column is a plain String: the row hands back a str, and the policy wants a Role.
    if not AUTHORIZER.can_grant(actor, Role(grant.role), path, grant.subtree):
        raise forbidden("无权撤销该授权")
    if grant.revoked_at is not None:
        raise DomainError(AccountError.GRANT_REVOKED, "该授权已被撤销", field=["grantId"])
    grant.revoked_at = utcnow()
    grant.revoked_by = actor.user_id
    await session.flush()
    audit.note(session, changes={"user_id": grant.user_id, "role": grant.role, "revoked_at": grant.revoked_at})
    return grant


async def grants_of_users(
    session: AsyncSession, *, actor: Actor, user_ids: Sequence[int]
) -> dict[int, list[RoleGrant]]:
    """Grants in force for these users (as authz.actor.load_grants counts them: not revoked, not on a
    dissolved org): all of one's own, and others' where the actor may see users."""
    in_scope = AUTHORIZER.path_filter(actor, Organization.path, Resource.USER, Action.READ)
    rows = await session.execute(
        select(RoleGrant)
        .outerjoin(Organization, col(Organization.id) == col(RoleGrant.organization_id))
        .where(
            col(RoleGrant.user_id).in_(user_ids),
            col(RoleGrant.revoked_at).is_(None),
            col(Organization.dissolved_on).is_(None),
            or_(col(RoleGrant.user_id) == actor.user_id, in_scope),
        )
        .order_by(col(RoleGrant.id))
    )
    found: dict[int, list[RoleGrant]] = {}
    for grant in rows.scalars():
        found.setdefault(grant.user_id, []).append(grant)
    return found


def _holds_grant_in_scope(actor: Actor, user_id: Any) -> ColumnElement[bool]:
    """The account holds a live grant at an org where the actor may read users."""
    in_scope = AUTHORIZER.path_filter(actor, col(Organization.path), Resource.USER, Action.READ)
    return exists().where(
        col(RoleGrant.user_id) == user_id,
        col(RoleGrant.revoked_at).is_(None),
        col(Organization.id) == col(RoleGrant.organization_id),
        in_scope,
    )


async def visible_user(session: AsyncSession, *, actor: Actor, user_id: int) -> User | None:
    """Oneself, or an account holding a grant where the actor may read users."""
    hidden = user_id != actor.user_id and not AUTHORIZER.is_global(actor, Resource.USER, Action.READ)
    if hidden and not await session.scalar(select(_holds_grant_in_scope(actor, user_id))):
        return None
    return await session.get(User, user_id)


async def visible_users(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    """visible_user for a batch, in one statement: id -> the account's public columns (never the hash)."""
    users = User.__table__.c  # type: ignore[attr-defined]
    statement = select(users.id, users.username, users.display_name, users.is_active, users.created_at)
    statement = statement.where(users.id.in_(ids))
    if not AUTHORIZER.is_global(actor, Resource.USER, Action.READ):
        statement = statement.where(or_(users.id == actor.user_id, _holds_grant_in_scope(actor, users.id)))
    return {row.id: row for row in await session.execute(statement)}
