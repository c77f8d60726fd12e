"""Every action refused from every status that does not allow it, through GraphQL: INVALID_TRANSITION on
assignmentId, nothing written, one audit record with the code. The pure table is checked whole."""

from typing import Any

import pytest

from domain.errors import DomainError
from domain.tasks.assignment_rules import TRANSITIONS, Action, next_status
from domain.tasks.enums import AssignmentStatus
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import refused
from tests.tasks_assignment_support import (
    ACCEPT,
    CANCEL,
    REPORT,
    RETURN,
    SOON,
    SPLIT,
    SUBMIT,
    ItemSpec,
    approved_plan,
    assignments,
    force_status,
)
from tests.tasks_support import task_tree

S = AssignmentStatus
ALLOWED = {
    Action.REPORT: {S.ASSIGNED: S.IN_PROGRESS, S.IN_PROGRESS: S.IN_PROGRESS, S.RETURNED: S.IN_PROGRESS},
    Action.SPLIT: {S.ASSIGNED: S.ASSIGNED, S.IN_PROGRESS: S.IN_PROGRESS, S.RETURNED: S.RETURNED},
    Action.SUBMIT: {S.ASSIGNED: S.SUBMITTED, S.IN_PROGRESS: S.SUBMITTED, S.RETURNED: S.SUBMITTED},
    Action.ACCEPT: {S.SUBMITTED: S.ACCEPTED},
    Action.RETURN: {S.SUBMITTED: S.RETURNED},
    Action.CANCEL: {s: S.CANCELLED for s in (S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED)},
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", list(AssignmentStatus))
def test_the_transition_table(status: AssignmentStatus, action: Action) -> None:
    expected = ALLOWED[action].get(status)
    if expected is None:
        with pytest.raises(DomainError) as refusal:
            next_status(status, action)
        assert (refusal.value.code, refusal.value.field) == ("INVALID_TRANSITION", ["assignmentId"])
    else:
        assert next_status(status, action) is expected
    assert len(TRANSITIONS) == sum(len(v) for v in ALLOWED.values())


QUERIES: dict[Action, tuple[str, dict[str, Any]]] = {
    Action.REPORT: (REPORT, {"percent": 10}),
    Action.SPLIT: (SPLIT, {"parts": "member"}),
    Action.SUBMIT: (SUBMIT, {}),
    Action.ACCEPT: (ACCEPT, {}),
    Action.RETURN: (RETURN, {"reason": "重做"}),
    Action.CANCEL: (CANCEL, {"reason": "不做了"}),
}
REFUSED = [(s, a) for a in Action for s in AssignmentStatus if s not in ALLOWED[a]]


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=[f"{s.value}-{a.value}" for s, a in REFUSED])
async def test_each_refused_transition_writes_nothing(
    api: Api, build: Builder, status: AssignmentStatus, action: Action
) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    member = await book.add("张三", "101")
    plan = await approved_plan(tree, [ItemSpec("主题党日", [book.branch])])
    (whole,) = await assignments(build, plan)
    await force_status(build, whole.id, status.value)  # type: ignore[arg-type]
    query, extra = QUERIES[action]
    values: dict[str, Any] = {"assignmentId": gid("Assignment", whole.id), "version": 1, **extra}
    if extra.get("parts") == "member":
        values["parts"] = [{"assigneeMemberId": gid("Member", member.id), "dueOn": str(SOON)}]
    # The ORG_ADMIN of 集团党委 may do everything to it, so only the status stands in the way.
    await refused(
        api,
        build,
        query,
        values,
        tree.token(book.org_admin),
        code="INVALID_TRANSITION",
        field=["assignmentId"],
        rows=tree.rows,
    )
