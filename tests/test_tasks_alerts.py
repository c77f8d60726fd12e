"""Task alerts as the SQL finds them, on both databases, against the pure rules at every boundary: the
alert day is a parameter of the domain read, so these tests pick it (the GraphQL tests, which use the real
today, are in test_tasks_alerts_api.py)."""

from datetime import UTC, date, datetime, timedelta

from domain.alerts import Alert
from domain.tasks import alerts
from domain.tasks.enums import TaskAlertKind as K
from domain.tasks.task_rules import TaskRules, is_at_risk, is_overdue, waited_too_long
from domain.timeutil import SHANGHAI
from tests.fixtures import Builder
from tests.tasks_alert_support import approved_plan, assignment, plan_item, step_done, waiting_request
from tests.tasks_support import TaskTree, task_tree

START = date(2026, 3, 2)
RULES = TaskRules()


async def _found(tree: TaskTree, today: date, kinds: list[K], rules: TaskRules = RULES) -> list[Alert]:
    actor = await tree.ledger.actor(tree.ledger.org_admin)
    q = alerts.Query(actor=actor, under_path=tree.ledger.root.path, rules=rules, today=today)
    async with tree.build.sessions() as session:
        return await alerts.alert_page(session, q=q, kinds=kinds, cursor=None, limit=100)


async def test_overdue_and_at_risk_match_the_rules_at_every_boundary(build: Builder) -> None:
    tree = await task_tree(build)
    plan = await approved_plan(tree, 2026)
    cases = {}
    for days in (0, 3, 10, 100):
        for percent in (49, 50):
            for status in ("ASSIGNED", "IN_PROGRESS", "RETURNED", "SUBMITTED", "ACCEPTED", "CANCELLED"):
                due = START + timedelta(days=days)
                item, _ = await plan_item(tree, plan, title=f"{days}天{percent}%{status}", starts_on=START, due_on=due)
                work = await assignment(tree, item, tree.ledger.branch, status=status, percent=percent)
                cases[work.id] = (status, percent, due)
    todays = {START - timedelta(days=1), START, START + timedelta(days=2), START + timedelta(days=3)}
    todays |= {START + timedelta(days=d) for d in (7, 8, 9, 10, 11, 79, 80, 99, 100, 101)}
    for today in sorted(todays):
        risky = {a.subject_id for a in await _found(tree, today, [K.TASK_AT_RISK])}
        late = {a.subject_id for a in await _found(tree, today, [K.TASK_OVERDUE])}
        expected_risky = {
            i
            for i, (s, p, due) in cases.items()
            if is_at_risk(status=s, percent=p, starts_on=START, due_on=due, today=today, rules=RULES)
        }
        expected_late = {
            i for i, (s, _, due) in cases.items() if s not in ("ACCEPTED", "CANCELLED") and is_overdue(due, today)
        }
        assert (risky, late) == (expected_risky, expected_late), today
    # A changed rule changes the SQL the same way.
    rules = TaskRules(at_risk_elapsed_percent=30, at_risk_progress_percent=60)
    today = START + timedelta(days=30)
    risky = {a.subject_id for a in await _found(tree, today, [K.TASK_AT_RISK], rules)}
    assert risky == {
        i
        for i, (s, p, due) in cases.items()
        if is_at_risk(status=s, percent=p, starts_on=START, due_on=due, today=today, rules=rules)
    }
    assert risky


async def test_a_members_part_alerts_on_its_own_dates(build: Builder) -> None:
    tree = await task_tree(build)
    plan = await approved_plan(tree, 2026)
    member = await tree.ledger.add("张三", "201")
    item, _ = await plan_item(tree, plan, title="走访困难党员", starts_on=START, due_on=START + timedelta(days=100))
    whole = await assignment(tree, item, tree.ledger.branch, status="IN_PROGRESS", percent=60)
    part = await assignment(
        tree, item, tree.ledger.branch, parent=whole, member=member, due_on=START + timedelta(days=20)
    )
    found = await _found(tree, START + timedelta(days=21), [K.TASK_OVERDUE, K.TASK_AT_RISK])
    assert [(a.kind, a.subject_id) for a in found] == [(K.TASK_OVERDUE, part.id)]
    assert found[0].title == f"第一党支部·张三：任务“走访困难党员”已超过完成期限 {START + timedelta(days=20)} 仍未完成"
    assert found[0].org_id == tree.ledger.branch.id and found[0].subject_type == "Assignment"


async def test_missed_key_steps(build: Builder) -> None:
    tree = await task_tree(build)
    plan = await approved_plan(tree, 2026)
    first, later = START + timedelta(days=10), START + timedelta(days=20)
    steps = (("制定方案", first), ("动员部署", first), ("中期检查", later))
    item, (plan_step, _, check) = await plan_item(
        tree, plan, title="主题党日", starts_on=START, due_on=START + timedelta(days=100), steps=steps
    )
    open_one = await assignment(tree, item, tree.ledger.branch, status="IN_PROGRESS", percent=60)
    submitted = await assignment(tree, item, tree.ledger.branch2, status="SUBMITTED", percent=100)
    await assignment(tree, item, tree.ledger.group, status="ACCEPTED", percent=100)  # finished: no alert
    member = await tree.ledger.add("李四", "202")
    await assignment(tree, item, tree.ledger.branch, parent=open_one, member=member)  # parts have no steps
    await step_done(tree, submitted, plan_step, first)

    assert await _found(tree, first, [K.MILESTONE_MISSED]) == []  # due today: not missed yet
    found = await _found(tree, first + timedelta(days=1), [K.MILESTONE_MISSED])
    assert [(a.subject_id, a.due_on) for a in found] == [(open_one.id, first), (submitted.id, first)]
    assert found[0].title == f"第一党支部：任务“主题党日”的“制定方案”等 2 个关键节点已过期限 {first} 仍未完成"
    assert found[1].title == f"第二党支部：任务“主题党日”的“动员部署”关键节点已过期限 {first} 仍未完成"
    await step_done(tree, open_one, check, later)
    found = await _found(tree, later + timedelta(days=1), [K.MILESTONE_MISSED])
    assert [(a.subject_id, a.due_on) for a in found] == [
        (open_one.id, first),
        (submitted.id, first),
        (submitted.id, later),
    ]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


async def test_waiting_approvals_match_the_working_day_rule(build: Builder) -> None:
    """Starts at the edges of Shanghai days (a Friday 23:59 is Friday; Saturday 00:00 is, in UTC, still
    Friday), over a weekend, for every day of two weeks and two limits."""
    tree = await task_tree(build)
    starts = {
        _at(date(2026, 3, 5), 9): date(2026, 3, 5),
        _at(date(2026, 3, 6), 23, 59): date(2026, 3, 6),
        _at(date(2026, 3, 7), 0): date(2026, 3, 7),
        _at(date(2026, 3, 8), 12): date(2026, 3, 8),
        _at(date(2026, 3, 9), 0): date(2026, 3, 9),
        _at(date(2026, 3, 10), 7, 59): date(2026, 3, 10),
    }
    made = {}
    for n, (since, local) in enumerate(starts.items()):
        request = await waiting_request(tree, tree.ledger.branch, title=f"计划{n}", since=since)
        made[request.id] = local
    await waiting_request(tree, tree.ledger.branch, title="已批准", since=_at(date(2026, 3, 2), 9), status="APPROVED")
    for days in (1, 5):
        rules = TaskRules(approval_wait_working_days=days)
        for today in (date(2026, 3, 5) + timedelta(days=i) for i in range(16)):
            found = await _found(tree, today, [K.APPROVAL_WAITING], rules)
            expected = {i for i, local in made.items() if waited_too_long(local, today, days)}
            assert {a.subject_id for a in found} == expected, (days, today)
            assert [a.sort_key() for a in found] == sorted(a.sort_key() for a in found)
    found = await _found(tree, date(2026, 3, 17), [K.APPROVAL_WAITING])
    # Friday evening and the weekend wait until the next Friday; the Monday start until the next Monday.
    assert [a.due_on for a in found] == [
        date(2026, 3, 12),
        date(2026, 3, 13),
        date(2026, 3, 13),
        date(2026, 3, 13),
        date(2026, 3, 16),
    ]
    assert (
        found[0].subject_type == "Approval"
        and found[0].title == "第一党支部：“计划0”的审批已等待超过 5 个工作日（2026-03-12 前应办结）"
    )
