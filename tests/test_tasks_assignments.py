"""Distribution and execution of assignments through GraphQL: an approved plan reaches its branches, a
branch splits its work among members, members and the branch report, the issuer accepts or returns."""

from datetime import timedelta

from sqlalchemy import select
from sqlmodel import col

from domain.tasks.distribution import REVISION_REASON
from domain.tasks.models import Assignment, AssignmentReview, PlanMilestone
from domain.timeutil import utcnow
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted, refused
from tests.tasks_assignment_support import (
    ACCEPT,
    CANCEL,
    PAST,
    REPORT,
    RETURN,
    SOON,
    SPLIT,
    SUBMIT,
    TODAY,
    ItemSpec,
    approved_plan,
    assignments,
    edit_item,
    evidence,
    items,
    redistribute,
    set_executors,
    tallies_match_live_counts,
)
from tests.tasks_support import task_tree


async def test_an_approved_plan_reaches_each_executing_org_and_a_revision_follows_it(build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    plan = await approved_plan(
        tree,
        [ItemSpec("上好专题党课", [book.branch, book.branch2], budget_fen=50_000), ItemSpec("联建共建", [book.branch])],
    )
    rows = await assignments(build, plan)
    assert [(r.title, r.organization_id, r.org_path, r.status, r.budget_fen, r.year) for r in rows] == [
        ("上好专题党课", book.branch.id, book.branch.path, "ASSIGNED", 50_000, plan.year),
        ("上好专题党课", book.branch2.id, book.branch2.path, "ASSIGNED", 50_000, plan.year),
        ("联建共建", book.branch.id, book.branch.path, "ASSIGNED", 100_000, plan.year),
    ]
    first, second = await items(build, plan)
    assert (first.assigned_count, second.assigned_count) == (2, 1)
    # Approving again changes nothing.
    await redistribute(tree, plan)
    assert [(r.id, r.version) for r in await assignments(build, plan)] == [(r.id, 1) for r in rows]
    # A revision: the first item moves and costs more, the second passes from 第一党支部 to 第二党支部, a
    # third item comes, and an accepted assignment keeps what it was accepted as.
    accepted_one = rows[1]
    async with build.sessions() as session, session.begin():
        row = await session.get(Assignment, accepted_one.id)
        assert row is not None
        row.status, row.accepted_on = "ACCEPTED", TODAY
    await edit_item(tree, first.id, title="讲好专题党课", due_on=SOON + timedelta(days=5), budget_fen=60_000)  # type: ignore[arg-type]
    await set_executors(tree, second.id, [book.branch2])  # type: ignore[arg-type]
    await redistribute(tree, plan)
    after: dict[tuple[int | None, int | None], Assignment] = {
        (r.item_id, r.organization_id): r for r in await assignments(build, plan)
    }
    moved = after[(first.id, book.branch.id)]
    assert (moved.title, moved.due_on, moved.budget_fen, moved.version) == (
        "讲好专题党课",
        SOON + timedelta(days=5),
        60_000,
        2,
    )
    kept = after[(first.id, book.branch2.id)]
    assert (kept.title, kept.status, kept.version) == ("上好专题党课", "ACCEPTED", 1)
    dropped = after[(second.id, book.branch.id)]
    assert (dropped.status, dropped.cancel_reason) == ("CANCELLED", REVISION_REASON)
    assert after[(second.id, book.branch2.id)].status == "ASSIGNED"
    async with build.sessions() as session:
        reviews = (await session.execute(select(AssignmentReview))).scalars().all()
    assert [(r.assignment_id, r.outcome, r.reason) for r in reviews] == [(dropped.id, "CANCELLED", REVISION_REASON)]
    live = await tallies_match_live_counts(build, plan)
    assert [row[1:7] for row in live] == [(1, 0, 0, 0, 1, 0), (1, 0, 0, 0, 0, 1)]


async def test_a_cancelled_item_cancels_its_assignments_and_their_open_parts(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    member = await book.add("张三", "101")
    plan = await approved_plan(tree, [ItemSpec("主题党日", [book.branch])])
    (whole,) = await assignments(build, plan)
    await accepted(api, build, SPLIT, _split(whole, [(member.id, SOON)]), tree.token(book.secretary))
    (item,) = await items(build, plan)
    await edit_item(tree, item.id, cancelled_at=utcnow(), cancel_reason="不再开展")  # type: ignore[arg-type]
    await redistribute(tree, plan)
    rows = await assignments(build, plan)
    assert [(r.parent_id, r.status, r.cancel_reason) for r in rows] == [
        (None, "CANCELLED", REVISION_REASON),
        (whole.id, "CANCELLED", REVISION_REASON),
    ]
    await tallies_match_live_counts(build, plan)


def _split(whole: Assignment, parts: list[tuple[int | None, object]], version: int = 1) -> dict[str, object]:
    return {
        "assignmentId": gid("Assignment", whole.id),
        "version": version,
        "parts": [
            {"assigneeMemberId": gid("Member", m), "dueOn": str(d), "note": "负责组织学习", "budget": "100.00"}
            for m, d in parts
        ],
    }


async def test_the_closed_loop_from_split_to_acceptance(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    mine = await book.add("李四", "120")
    await book.link(mine, book.member_user)
    other = await book.add("王五", "130", group=book.group)
    plan = await approved_plan(
        tree, [ItemSpec("党员教育", [book.branch, book.branch2], budget_fen=20_000, milestones=[("学习", SOON)])]
    )
    whole, _ = await assignments(build, plan)
    secretary, member = tree.token(book.secretary), tree.token(book.member_user)
    wid = gid("Assignment", whole.id)
    split = await accepted(api, build, SPLIT, _split(whole, [(mine.id, SOON), (other.id, TODAY)]), secretary)
    one, two = split["assignment"]["parts"]
    assert (one["assignee"]["name"], one["dueOn"], two["assignee"]["name"]) == ("王五", str(TODAY), "李四")
    assert split["assignment"]["version"] == 2
    # The member reports on their own part: its money counts for the branch's whole and the item.
    part = two["id"]
    report = {"assignmentId": part, "version": 1, "percent": 60, "spent": "150.50", "evidence": [evidence()]}
    done = await accepted(api, build, REPORT, report, member)
    assert (done["assignment"]["status"], done["assignment"]["percent"], done["assignment"]["spent"]) == (
        "IN_PROGRESS",
        60,
        "150.50",
    )
    await refused(
        api,
        build,
        SUBMIT,
        {"assignmentId": wid, "version": 2},
        secretary,
        code="PARTS_NOT_ACCEPTED",
        field=["assignmentId"],
        rows=tree.rows,
    )
    await accepted(api, build, SUBMIT, {"assignmentId": part, "version": 2}, member)
    await accepted(api, build, ACCEPT, {"assignmentId": part, "version": 3}, secretary)
    await accepted(api, build, CANCEL, {"assignmentId": one["id"], "version": 1, "reason": "调往外地"}, secretary)
    # The branch reports the whole, overspending its 200 yuan, and submits; the branch cannot accept its
    # own work, the committee returns it once and then accepts it.
    step = gid("PlanMilestone", await _milestone_id(build, whole))
    report = {"assignmentId": wid, "version": 2, "percent": 100, "spent": "60", "milestonesDone": [step]}
    reported = await accepted(api, build, REPORT, report, secretary)
    assert (reported["assignment"]["spent"], reported["assignment"]["overspent"]) == ("210.50", True)
    await accepted(api, build, SUBMIT, {"assignmentId": wid, "version": 3}, secretary)
    await refused(
        api,
        build,
        ACCEPT,
        {"assignmentId": wid, "version": 4},
        secretary,
        code="FORBIDDEN",
        field=None,
        rows=tree.rows,
    )
    returned = await accepted(
        api,
        build,
        RETURN,
        {"assignmentId": wid, "version": 4, "reason": "请补充佐证材料"},
        tree.token(tree.root_secretary),
    )
    assert (returned["assignment"]["status"], returned["assignment"]["returnReason"]) == ("RETURNED", "请补充佐证材料")
    await accepted(api, build, SUBMIT, {"assignmentId": wid, "version": 5}, secretary)
    final = await accepted(api, build, ACCEPT, {"assignmentId": wid, "version": 6}, tree.token(book.org_admin))
    assert (final["assignment"]["status"], final["assignment"]["percent"]) == ("ACCEPTED", 100)
    live = await tallies_match_live_counts(build, plan)
    assert live[0][1:] == (1, 0, 0, 0, 1, 0, 1, 21_050)  # 第二党支部 still assigned; 第一党支部 accepted on time
    data = await api.data(
        """query($id: ID!) { node(id: $id) { ... on Assignment { reviews { outcome reason }
           reports { percent spent evidence { name checksum } } milestones { title doneOn } } } }""",
        {"id": wid},
        secretary,
    )
    node = data["node"]
    assert [(r["outcome"], r["reason"]) for r in node["reviews"]] == [
        ("RETURNED", "请补充佐证材料"),
        ("ACCEPTED", None),
    ]
    assert [(r["percent"], r["spent"]) for r in node["reports"]] == [(100, "60.00")]
    assert node["milestones"] == [{"title": "学习", "doneOn": str(TODAY)}]


async def _milestone_id(build: Builder, whole: Assignment) -> int:
    async with build.sessions() as session:
        found = await session.scalar(select(col(PlanMilestone.id)).where(col(PlanMilestone.item_id) == whole.item_id))
    assert found is not None
    return found


async def test_overdue_work_accepted_late_is_not_on_time(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    plan = await approved_plan(tree, [ItemSpec("述职评议", [book.branch], due_on=PAST)])
    (whole,) = await assignments(build, plan)
    wid = gid("Assignment", whole.id)
    await accepted(api, build, SUBMIT, {"assignmentId": wid, "version": 1}, tree.token(book.secretary))
    await accepted(api, build, ACCEPT, {"assignmentId": wid, "version": 2}, tree.token(tree.root_secretary))
    live = await tallies_match_live_counts(build, plan)
    assert live[0][5:] == (1, 0, 0, 0)  # accepted, none cancelled, none on time, nothing spent
