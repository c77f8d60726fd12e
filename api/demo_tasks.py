"""Demo party-building tasks: a task library, the group committee's plan for the year generated from it,
approved and distributed to every branch, and a year of execution (reports, parts split to members,
acceptances on time and late, a return), plus a subsidiary's plan waiting for approval and a draft the
secretary returned. Written through the domain services, like the rest of the demo (api/demo.py calls
`seed_tasks`); each event passes the day it happened as `today`, so alerts of every kind show."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain.approvals import service as approvals
from domain.approvals.enums import Decision
from domain.approvals.models import ApprovalRequest
from domain.members.models import Member
from domain.orgs.models import Organization, OrgType
from domain.tasks import assignments, parts, plan_items, plans, progress, templates
from domain.tasks.enums import AssignmentStatus, TaskCategory
from domain.tasks.models import Assignment, PlanMilestone
from domain.tasks.plan_rules import Executors, FromTemplates, ItemFields, MilestoneFields, OrgTypesUnder
from domain.tasks.templates import TemplateFields, TemplateMilestone

C = TaskCategory
_LIBRARY: tuple[
    tuple[str, TaskCategory, str | None, int, list[tuple[str, int]], int], ...
] = (  # title, category, budget (yuan), days, [(key step, days after the start)], start month
    ("开展联建共建活动", C.JOINT_BUILDING, "3000", 120, [("签订共建协议", 30), ("开展共建活动", 90)], 3),
    ("主题教育专题学习", C.THEME_EDUCATION, "1500", 180, [("制定学习计划", 20)], 7),
    ("第一议题学习落实", C.FIRST_AGENDA, None, 300, [], 1),
    ("标准化规范化党支部建设", C.ORG_BUILDING, "5000", 240, [("对标自查", 60), ("整改销号", 150)], 4),
)


@dataclass
class TaskPeople:
    keeper: Actor  # 李党务, the group's ORG_ADMIN: drafts plans, accepts work
    approver: Actor  # 王书记, the group's secretary: approves plans
    subsidiary: Actor  # 赵书记, the power company's secretary
    branch: Actor  # 陈书记, 运行一值党支部's secretary
    member: Actor  # 刘党员, a member of 运行一值党支部 with their own account


async def seed_tasks(
    session: AsyncSession,
    *,
    people: TaskPeople,
    root: Organization,
    power: Organization,
    branch: Organization,
    day: date,
) -> None:
    rng = random.Random(6)
    plan = await _group_plan(session, people, root, day)
    await approvals.decide(
        session,
        actor=people.approver,
        request_id=await _request_of(session, plan),
        decision=Decision.APPROVE,
        comment="同意",
        step=None,
        today=date(day.year, 1, 20),
    )
    await _execute(session, people, rng, day)
    await _split(session, people, branch, day)
    await _subsidiary_plan(session, people, power, day)
    await _returned_draft(session, people, root, day)


async def _group_plan(session: AsyncSession, people: TaskPeople, root: Organization, day: date) -> int:
    keeper, year = people.keeper, day.year
    assert root.id is not None
    ids = []
    for title, category, budget, days, steps, _ in _LIBRARY:
        fields = TemplateFields(
            title=title,
            category=category,
            objective=f"全年完成“{title}”各项工作",
            department="党委工作部",
            section="组织科",
            budget=Decimal(budget) if budget else None,
            duration_days=days,
            milestones=tuple(TemplateMilestone(t, d) for t, d in steps),
        )
        made = await templates.create_template(session, actor=keeper, organization_id=root.id, fields=fields, today=day)
        ids.append(made.id)
    plan = await plans.create_plan(
        session,
        actor=keeper,
        organization_id=root.id,
        year=year,
        title=f"集团党委{year}年党建工作要点任务分解",
        today=day,
    )
    plan_id = plan.id
    assert plan_id is not None
    every_branch = Executors(org_types_under=OrgTypesUnder(root.id, (OrgType.BRANCH,)))
    for template_id, (*_, month) in zip(ids, _LIBRARY, strict=True):
        picked = FromTemplates((template_id,), date(year, month, 1), every_branch)  # type: ignore[arg-type]
        plan = await plan_items.add_items(
            session, actor=keeper, plan_id=plan_id, version=plan.version, from_templates=picked, items=(), today=day
        )
    winter = ItemFields(
        title="党员冬训",
        category=C.MEMBER_EDUCATION,
        starts_on=day - timedelta(days=20),
        due_on=date(year, 12, 31),
        executors=every_branch,
        objective="每名党员参训不少于 32 学时",
        budget=Decimal("2000"),
        milestones=(MilestoneFields("制定冬训方案", day - timedelta(days=5)),),
    )
    plan = await plan_items.add_items(
        session, actor=keeper, plan_id=plan_id, version=plan.version, from_templates=None, items=(winter,), today=day
    )
    await plans.publish_plan(session, actor=keeper, plan_id=plan_id, version=plan.version, today=day)
    return plan_id


async def _request_of(session: AsyncSession, plan_id: int) -> int:
    found = await session.scalar(
        select(col(ApprovalRequest.id))
        .where(col(ApprovalRequest.subject_type) == "PLAN", col(ApprovalRequest.subject_id) == plan_id)
        .order_by(col(ApprovalRequest.id).desc())
    )
    assert found is not None
    return found


async def _execute(session: AsyncSession, people: TaskPeople, rng: random.Random, day: date) -> None:
    """Most branches finish what fell due (accepted on the day they were done); some are late, one is
    returned; what is still running is at every stage, some behind their time."""
    rows = (await session.execute(select(Assignment).where(col(Assignment.parent_id).is_(None)))).scalars().all()
    for a in sorted(rows, key=lambda r: r.id or 0):
        assert a.id is not None
        worker = people.branch if a.organization_id == people_branch_org(people) else people.keeper
        fate = rng.random()
        if a.due_on < day:
            done_on = a.due_on - timedelta(days=rng.randint(1, 20)) if fate < 0.8 else day - timedelta(days=2)
            if fate > 0.93:
                await _report(session, worker, a, rng.choice((30, 60, 80)), rng=rng, on=day - timedelta(days=10))
                continue  # overdue
            await _report(session, worker, a, 100, rng=rng, on=done_on)
            await assignments.submit_assignment(
                session, actor=worker, assignment_id=a.id, version=a.version, today=done_on
            )
            if fate > 0.88:
                continue  # submitted, waiting for review
            if fate > 0.86:
                await assignments.return_assignment(
                    session,
                    actor=people.keeper,
                    assignment_id=a.id,
                    version=a.version,
                    reason="佐证材料不全，请补充活动记录",
                    today=day,
                )
                continue
            await assignments.accept_assignment(
                session, actor=people.keeper, assignment_id=a.id, version=a.version, today=done_on + timedelta(days=3)
            )
        elif fate < 0.7:
            await _report(session, worker, a, rng.choice((20, 40, 60, 70)), rng=rng, on=day - timedelta(days=3))


def people_branch_org(people: TaskPeople) -> int | None:
    grant = next(g for g in people.branch.grants if g.organization_id is not None)
    return grant.organization_id


async def _report(
    session: AsyncSession, actor: Actor, a: Assignment, percent: int, *, rng: random.Random, on: date
) -> None:
    """Key steps due by then are reported done, most of them on time (a finished task has done them all)."""
    assert a.id is not None
    spent = Decimal(rng.randint(0, int(a.budget_fen * 1.2 / 100))) if a.budget_fen else None
    steps = (
        await session.execute(
            select(col(PlanMilestone.id), col(PlanMilestone.due_on)).where(col(PlanMilestone.item_id) == a.item_id)
        )
    ).all()
    done = [i for i, due in steps if i is not None and (percent == 100 or (due <= on and rng.random() < 0.85))]
    note = "按计划推进" if percent < 100 else "已全部完成"
    report = progress.ReportInput(percent=percent, note=note, spent=spent, milestones_done=done)
    await progress.report_progress(session, actor=actor, assignment_id=a.id, version=a.version, report=report, today=on)


async def _split(session: AsyncSession, people: TaskPeople, branch: Organization, day: date) -> None:
    """运行一值党支部 splits its theme-education study between 刘党员 and two more members."""
    whole = await session.scalar(
        select(Assignment).where(
            col(Assignment.organization_id) == branch.id,
            col(Assignment.parent_id).is_(None),
            col(Assignment.title) == "主题教育专题学习",
        )
    )
    assert whole is not None and whole.id is not None
    if whole.status not in (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS):
        return
    own = await session.scalar(select(col(Member.id)).where(col(Member.user_id) == people.member.user_id))
    others = (
        await session.execute(
            select(col(Member.id)).where(col(Member.organization_id) == branch.id, col(Member.id) != own).limit(2)
        )
    ).scalars()
    chosen = [m for m in (own, *others) if m is not None]
    split = [parts.PartInput(m, whole.due_on - timedelta(days=10), note="撰写学习心得并在支部大会交流") for m in chosen]
    await parts.split_assignment(
        session, actor=people.branch, assignment_id=whole.id, version=whole.version, parts=split, today=day
    )
    mine = await session.scalar(
        select(Assignment).where(col(Assignment.parent_id) == whole.id, col(Assignment.assignee_member_id) == own)
    )
    if mine is not None and mine.id is not None:
        report = progress.ReportInput(percent=60, note="已完成 3 次专题学习")
        await progress.report_progress(
            session, actor=people.member, assignment_id=mine.id, version=mine.version, report=report, today=day
        )


async def _subsidiary_plan(session: AsyncSession, people: TaskPeople, power: Organization, day: date) -> None:
    """The power company's own plan, sent to the group's secretary and still waiting for them."""
    assert power.id is not None
    plan = await plans.create_plan(
        session,
        actor=people.subsidiary,
        organization_id=power.id,
        year=day.year,
        title=f"发电有限公司党委{day.year}年党建重点任务",
        today=day,
    )
    plan_id = plan.id
    assert plan_id is not None
    item = ItemFields(
        title="安全生产党员责任区建设",
        category=C.ORG_BUILDING,
        starts_on=date(day.year, 3, 1),
        due_on=date(day.year, 12, 20),
        executors=Executors(org_types_under=OrgTypesUnder(power.id, (OrgType.BRANCH,))),
        budget=Decimal("800"),
    )
    plan = await plan_items.add_items(
        session,
        actor=people.subsidiary,
        plan_id=plan_id,
        version=plan.version,
        from_templates=None,
        items=(item,),
        today=day,
    )
    await plans.publish_plan(session, actor=people.subsidiary, plan_id=plan_id, version=plan.version, today=day)


async def _returned_draft(session: AsyncSession, people: TaskPeople, root: Organization, day: date) -> None:
    """Next year's draft, returned by the secretary with a comment: back with 李党务 to edit."""
    assert root.id is not None
    year = day.year + 1
    plan = await plans.create_plan(
        session,
        actor=people.keeper,
        organization_id=root.id,
        year=year,
        title=f"集团党委{year}年党建工作计划（草案）",
        today=day,
    )
    plan_id = plan.id
    assert plan_id is not None
    item = ItemFields(
        title="基层党组织书记轮训",
        category=C.MEMBER_EDUCATION,
        starts_on=date(year, 3, 1),
        due_on=date(year, 6, 30),
        executors=Executors(organization_ids=(root.id,)),
        budget=Decimal("20000"),
    )
    plan = await plan_items.add_items(
        session,
        actor=people.keeper,
        plan_id=plan_id,
        version=plan.version,
        from_templates=None,
        items=(item,),
        today=day,
    )
    await plans.publish_plan(session, actor=people.keeper, plan_id=plan_id, version=plan.version, today=day)
    await approvals.decide(
        session,
        actor=people.approver,
        request_id=await _request_of(session, plan_id),
        decision=Decision.RETURN,
        comment="请补充第二季度的任务，并细化各项预算",
        step=None,
        today=day,
    )
