"""A move carries every copy of the moved paths with it: meetings, studies, topics, elections, members,
development files, task plans, assignments and approvals are read under their org's new place at once
(domain/orgs/path_copies.py)."""

from datetime import date

from sqlalchemy import select

from domain.approvals.models import ApprovalRequest
from domain.orglife.enums import MeetingType
from domain.orglife.models import Election
from domain.orgs.models import Organization
from domain.orgs.path_copies import PATH_COPIES
from domain.tasks.models import Assignment, Plan, PlanItem, TaskTemplate
from migrations.models import metadata
from tests.fixtures import Api, Builder
from tests.orglife_compliance_support import hold
from tests.orglife_study_support import studied, topic
from tests.orgs_support import admin_token, mutate
from tests.test_orgs_move import a_tree, move


def test_every_path_copy_is_listed() -> None:
    """Any column named like a copied path, in any table, is one the move rewrites; the audit trail keeps the
    path at the time on purpose."""
    copies = {
        (table.name, column.name)
        for table in metadata.tables.values()
        for column in table.columns
        if column.name in {"org_path", "issuer_path", "pending_path"} and table.name != "audit_record"
    }
    assert copies == {(c.table.name, c.name) for c in PATH_COPIES}


async def test_organization_life_moves_with_its_org(api: Api, build: Builder) -> None:
    orgs = await a_tree(build)
    east, branch, west = orgs["east"], orgs["branch"], orgs["west"]
    topic_id = await topic(build, east, "学习专题", date(2026, 1, 5))
    await studied(build, branch, topic_id, date(2026, 2, 1))
    await hold(build, orgs["g1"], MeetingType.GROUP_MEETING, date(2026, 2, 3))
    assert branch.id is not None
    async with build.sessions() as session, session.begin():
        session.add(
            Election(
                organization_id=branch.id,
                org_path=branch.path,
                held_on=date(2025, 1, 1),
                entitled_voters=9,
                voters_present=9,
                term_years=3,
                term_ends_on=date(2028, 1, 1),
            )
        )

    payload = await mutate(api, "moveOrganization", move(east, west), await admin_token(build))
    assert payload["errors"] == []

    paths = await copies_follow(build)
    assert paths[branch.id].startswith(paths[west.id])


_ORG_OF = {"issuer_path": "issuer_org_id", "pending_path": "pending_org_id"}


async def copies_follow(build: Builder) -> dict[int | None, str]:
    """Every copied path equals its org's path now; returns the orgs' paths."""
    async with build.sessions() as session:
        paths = {org.id: org.path for org in (await session.execute(select(Organization))).scalars()}
        for column in PATH_COPIES:
            org_column = column.table.c[_ORG_OF.get(column.name, "organization_id")]
            rows = (await session.execute(select(org_column, column))).all()
            assert all(path == paths[org_id] for org_id, path in rows), column.table.name
    return paths


async def test_tasks_move_with_their_org(api: Api, build: Builder) -> None:
    """A committee's library, plan and the approval waiting at it, and its branch's assignment, all move."""
    orgs = await a_tree(build)
    east, branch, west = orgs["east"], orgs["branch"], orgs["west"]
    assert east.id is not None and branch.id is not None
    async with build.sessions() as session, session.begin():
        session.add(
            TaskTemplate(organization_id=east.id, org_path=east.path, title="联建共建", category="JOINT_BUILDING")
        )
        plan = Plan(organization_id=east.id, org_path=east.path, year=2026, title="计划", status="APPROVED")
        session.add(plan)
        await session.flush()
        assert plan.id is not None
        item = PlanItem(
            plan_id=plan.id,
            position=1,
            title="任务",
            category="OTHER",
            starts_on=date(2026, 1, 1),
            due_on=date(2026, 6, 30),
        )
        session.add(item)
        await session.flush()
        assert item.id is not None
        session.add(
            Assignment(
                plan_id=plan.id,
                item_id=item.id,
                year=2026,
                organization_id=branch.id,
                org_path=branch.path,
                title="任务",
                starts_on=date(2026, 1, 1),
                due_on=date(2026, 6, 30),
                status="ASSIGNED",
            )
        )
        session.add(
            ApprovalRequest(
                subject_type="PLAN",
                subject_id=plan.id,
                title="计划",
                organization_id=east.id,
                org_path=east.path,
                steps=[],
                status="PENDING",
                pending_role="SECRETARY",
                pending_org_id=east.id,
                pending_path=east.path,
            )
        )

    payload = await mutate(api, "moveOrganization", move(east, west), await admin_token(build))
    assert payload["errors"] == []

    paths = await copies_follow(build)
    assert paths[branch.id].startswith(paths[west.id])
