"""Use cases that change the organization tree. They flush, never commit: the caller owns the transaction."""

from datetime import date
from typing import Any

from sqlalchemy import String, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_org_write, require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.errors import DomainError, forbidden, not_found, stale_version
from domain.members.models import Member
from domain.orgs import rules
from domain.orgs.errors import OrgError
from domain.orgs.models import Organization, OrgType
from domain.orgs.path_copies import PATH_COPIES
from domain.timeutil import today, utcnow
from domain.tree import in_subtree

ROOT_DOMAIN = "/"  # where a root is created: only a global grant covers it
_AUDITED = (
    "name",
    "code",
    "type",
    "parent_id",
    "path",
    "term_started_on",
    "term_years",
    "term_adjusted_ends_on",
    "established_on",
)


class Unset:
    """An input field the caller left out, as distinct from one set to null."""


UNSET: Any = Unset()


async def load_org(session: AsyncSession, org_id: int, *, lock: bool = False) -> Organization | None:
    statement = select(Organization).where(col(Organization.id) == org_id)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def get_org(session: AsyncSession, *, actor: Actor, org_id: int) -> Organization:
    org = await load_org(session, org_id)
    if org is None:
        raise not_found("组织")
    require_visible(actor, org.path, Resource.ORGANIZATION, "组织")
    return org


async def _writable(session: AsyncSession, actor: Actor, org_id: int, field: str = "id") -> Organization:
    org = await load_org(session, org_id, lock=True)
    if org is None:
        raise not_found("组织", field=[field])
    audit.note(session, object_type="Organization", object_id=org.id, org_id=org.id, org_path=org.path)
    require_org_write(actor, org.path)
    return org


def _alive(org: Organization, field: str) -> None:
    if org.dissolved_on is not None:
        raise DomainError(OrgError.ORG_DISSOLVED, f"组织“{org.name}”已撤销", field=[field])


async def _flush(session: AsyncSession) -> None:
    """Uniqueness is the database's to decide; its refusal becomes a coded error."""
    try:
        await session.flush()
    except IntegrityError as error:
        # The constraint (PostgreSQL) or the column (SQLite) names which rule it was, never the values.
        text = str(error.orig).lower()
        if "uq_organization_code" in text or "organization.code" in text:
            raise DomainError(OrgError.DUPLICATE_CODE, "组织代码已被使用", field=["code"]) from error
        if "_name" in text or "organization.name" in text:
            raise DomainError(OrgError.DUPLICATE_NAME, "同一上级下已有同名组织", field=["name"]) from error
        raise


def _snapshot(org: Organization) -> dict[str, Any]:
    return {key: getattr(org, key) for key in _AUDITED}


async def create_org(
    session: AsyncSession,
    *,
    actor: Actor,
    parent_id: int | None,
    name: str,
    type: OrgType,
    code: str | None = None,
    established_on: date | None = None,
    term_started_on: date | None = None,
    term_years: int | None = None,
) -> Organization:
    parent = None
    if parent_id is not None:
        parent = await load_org(session, parent_id, lock=True)
        if parent is None:
            raise not_found("上级组织", field=["parentId"])
        audit.note(session, org_id=parent.id, org_path=parent.path)
        require_org_write(actor, parent.path, what="上级组织", field="parentId")
        _alive(parent, "parentId")
    elif not AUTHORIZER.can(actor, ROOT_DOMAIN, Resource.ORGANIZATION, Action.WRITE):
        raise forbidden("只有系统管理员可以创建顶级组织")
    name = rules.clean_name(name)
    code = rules.clean_code(code)
    rules.check_parent(parent.type if parent else None, type)
    rules.check_not_future(established_on, today(), "establishedOn")
    years = term_years if term_years is not None else rules.DEFAULT_TERM_YEARS[type]
    rules.check_term_years(years)

    org = Organization(
        parent_id=parent_id,
        name=name,
        type=type,
        code=code,
        # The id is needed for the path: a placeholder stands until the insert has assigned it.
        path=(parent.path if parent else "/") + "~",
        depth=parent.depth + 1 if parent else 0,
        established_on=established_on,
        term_started_on=term_started_on,
        term_years=years,
    )
    session.add(org)
    await _flush(session)
    assert org.id is not None
    org.path = rules.child_path(parent.path if parent else None, org.id)
    await _flush(session)
    audit.note(
        session,
        object_type="Organization",
        object_id=org.id,
        org_id=org.id,
        org_path=org.path,
        changes={k: v for k, v in _snapshot(org).items() if v is not None},
    )
    return org


async def update_org(
    session: AsyncSession,
    *,
    actor: Actor,
    org_id: int,
    version: int,
    name: str | None = UNSET,
    code: str | None = UNSET,
    term_started_on: date | None = UNSET,
    term_years: int | None = UNSET,
) -> Organization:
    org = await _writable(session, actor, org_id)
    _alive(org, "id")
    if org.version != version:
        raise stale_version(org.version)
    before = _snapshot(org)
    if name is not UNSET:
        if name is None:
            raise DomainError(OrgError.INVALID_NAME, "组织名称不能为空", field=["name"])
        org.name = rules.clean_name(name)
    if code is not UNSET:
        org.code = rules.clean_code(code)
    if term_started_on is not UNSET:
        org.term_started_on = term_started_on
    if term_years is not UNSET:
        org.term_years = term_years if term_years is not None else rules.DEFAULT_TERM_YEARS[org.type]
        rules.check_term_years(org.term_years)
    if (org.term_started_on, org.term_years) != (before["term_started_on"], before["term_years"]):
        org.term_adjusted_ends_on = None  # an approved move belonged to the term as it was; it lapses with it
    _touch(org)
    await _flush(session)
    audit.note(session, changes=audit.diff(before, _snapshot(org)))
    return org


def _touch(org: Organization) -> None:
    org.version += 1
    org.updated_at = utcnow()


async def move_org(session: AsyncSession, *, actor: Actor, org_id: int, new_parent_id: int) -> Organization:
    org = await _writable(session, actor, org_id)
    _alive(org, "id")
    parent = await load_org(session, new_parent_id, lock=True)
    if parent is None:
        raise not_found("新的上级组织", field=["newParentId"])
    require_org_write(actor, parent.path, what="新的上级组织", field="newParentId")
    _alive(parent, "newParentId")
    if rules.is_in_subtree(parent.path, org.path):
        raise DomainError(
            OrgError.MOVE_INTO_OWN_SUBTREE, "不能把组织移到它自己或它的下级组织之下", field=["newParentId"]
        )
    rules.check_parent(parent.type, org.type, field="newParentId")
    before = _snapshot(org)
    old_path, old_depth = org.path, org.depth
    assert org.id is not None
    new_path = rules.child_path(parent.path, org.id)
    org.parent_id = parent.id
    _touch(org)
    await _flush(session)
    # The whole subtree in one statement, inside this transaction: readers see the old tree or the new.
    # Every copy of a path (PATH_COPIES) moves in the same transaction.
    await session.execute(
        update(Organization)
        .where(in_subtree(Organization.path, old_path))
        .values(
            path=_rebase(Organization.path, old_path, new_path),
            depth=Organization.depth + (parent.depth + 1 - old_depth),
        )
        .execution_options(synchronize_session=False)
    )
    for column in PATH_COPIES:
        await session.execute(
            update(column.table)
            .where(in_subtree(column, old_path))
            .values({column.name: _rebase(column, old_path, new_path)})
            .execution_options(synchronize_session=False)
        )
    await session.refresh(org)
    audit.note(session, org_path=org.path, changes=audit.diff(before, _snapshot(org)))
    return org


def _rebase(column: Any, old_path: str, new_path: str) -> Any:
    return literal(new_path, String).concat(func.substr(column, len(old_path) + 1, type_=String))


async def dissolve_org(
    session: AsyncSession, *, actor: Actor, org_id: int, dissolved_on: date, reason: str
) -> Organization:
    org = await _writable(session, actor, org_id)
    _alive(org, "id")
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise DomainError(OrgError.INVALID_REASON, "撤销原因须为 1 到 500 个字符", field=["reason"])
    rules.check_not_future(dissolved_on, today(), "dissolvedOn")
    if org.established_on and dissolved_on < org.established_on:
        raise DomainError(OrgError.INVALID_DATE, "撤销日期不能早于成立日期", field=["dissolvedOn"])
    living_children = await session.scalar(
        select(func.count())
        .select_from(Organization)
        .where(col(Organization.parent_id) == org.id, col(Organization.dissolved_on).is_(None))
    )
    if living_children:
        raise DomainError(
            OrgError.HAS_ACTIVE_CHILDREN, f"该组织还有 {living_children} 个未撤销的下级组织", field=["id"]
        )
    active_members = await session.scalar(
        select(func.count())
        .select_from(Member)
        .where(
            or_(col(Member.organization_id) == org.id, col(Member.party_group_id) == org.id),
            col(Member.record_state) == "ACTIVE",
        )
    )
    if active_members:
        raise DomainError(
            OrgError.HAS_ACTIVE_MEMBERS, f"该组织还有 {active_members} 名党员，请先转出或调整", field=["id"]
        )
    org.dissolved_on = dissolved_on
    org.dissolution_reason = reason
    _touch(org)
    await _flush(session)
    audit.note(session, changes={"dissolved_on": dissolved_on, "dissolution_reason": reason})
    return org
