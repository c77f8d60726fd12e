"""Every refusal of the assignment mutations: its exact code and field, nothing written, one audit record."""

from datetime import timedelta
from typing import Any

import pytest

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
    evidence,
    force_status,
)
from tests.tasks_support import task_tree

BAD_EVIDENCE: list[tuple[dict[str, Any], str]] = [
    ({"name": " "}, "name"),
    ({"size": -1}, "size"),
    ({"checksum": "AB" * 32}, "checksum"),
    ({"contentType": "pdf"}, "contentType"),
]
CASES: list[tuple[str, str, dict[str, Any], str, str, list[str] | None]] = [
    # (who, mutation, input overrides, status before, code, field)
    ("branch2_secretary", "report", {}, "ASSIGNED", "NOT_FOUND", ["assignmentId"]),
    ("outsider", "report", {}, "ASSIGNED", "NOT_FOUND", ["assignmentId"]),
    ("member_user", "report", {}, "ASSIGNED", "NOT_FOUND", ["assignmentId"]),  # not their part
    ("auditor", "report", {}, "ASSIGNED", "FORBIDDEN", None),
    ("secretary", "report", {"assignmentId": gid("Assignment", 2**31 - 1)}, "ASSIGNED", "NOT_FOUND", ["assignmentId"]),
    ("secretary", "report", {"assignmentId": gid("Plan", 1)}, "ASSIGNED", "INVALID_ID", ["assignmentId"]),
    ("secretary", "report", {"version": 7}, "ASSIGNED", "STALE_VERSION", ["version"]),
    ("secretary", "report", {"percent": 101}, "ASSIGNED", "PERCENT_OUT_OF_RANGE", ["percent"]),
    ("secretary", "report", {"percent": -1}, "ASSIGNED", "PERCENT_OUT_OF_RANGE", ["percent"]),
    ("secretary", "report", {"spent": "-1"}, "ASSIGNED", "INVALID_AMOUNT", ["spent"]),
    ("secretary", "report", {"spent": "1.001"}, "ASSIGNED", "INVALID_AMOUNT", ["spent"]),
    ("secretary", "report", {"note": "x" * 2001}, "ASSIGNED", "INVALID_TEXT", ["note"]),
    (
        "secretary",
        "report",
        {"milestonesDone": [gid("PlanMilestone", 2**31 - 1)]},
        "ASSIGNED",
        "NOT_FOUND",
        ["milestonesDone", "0"],
    ),
    *[
        (
            "secretary",
            "report",
            {"evidence": [evidence(), {**evidence(), **bad}]},
            "ASSIGNED",
            "INVALID_EVIDENCE",
            ["evidence", "1", key],
        )
        for bad, key in BAD_EVIDENCE
    ],
    (
        "secretary",
        "split",
        {"parts": "outsider"},
        "ASSIGNED",
        "ASSIGNEE_NOT_IN_ORG",
        ["parts", "0", "assigneeMemberId"],
    ),
    ("secretary", "split", {"parts": "late"}, "ASSIGNED", "PART_DUE_AFTER_WHOLE", ["parts", "0", "dueOn"]),
    ("secretary", "split", {"parts": "twice"}, "ASSIGNED", "INVALID_INPUT", ["parts", "1", "assigneeMemberId"]),
    ("secretary", "split", {"parts": []}, "ASSIGNED", "INVALID_INPUT", ["parts"]),
    ("member_user", "split", {}, "ASSIGNED", "NOT_FOUND", ["assignmentId"]),
    ("auditor", "split", {}, "ASSIGNED", "FORBIDDEN", None),
    ("auditor", "submit", {}, "ASSIGNED", "FORBIDDEN", None),
    ("secretary", "accept", {}, "SUBMITTED", "FORBIDDEN", None),  # the branch cannot accept its own work
    ("branch2_secretary", "accept", {}, "SUBMITTED", "NOT_FOUND", ["assignmentId"]),
    ("secretary", "return", {}, "SUBMITTED", "FORBIDDEN", None),
    ("root_secretary", "return", {"reason": "  "}, "SUBMITTED", "REASON_REQUIRED", ["reason"]),
    ("root_secretary", "return", {"reason": "x" * 501}, "SUBMITTED", "INVALID_TEXT", ["reason"]),
    ("secretary", "cancel", {}, "IN_PROGRESS", "FORBIDDEN", None),
    ("root_secretary", "cancel", {"reason": ""}, "IN_PROGRESS", "REASON_REQUIRED", ["reason"]),
    ("root_secretary", "accept", {"version": 0}, "SUBMITTED", "STALE_VERSION", ["version"]),
]
QUERIES = {"report": REPORT, "split": SPLIT, "submit": SUBMIT, "accept": ACCEPT, "return": RETURN, "cancel": CANCEL}
DEFAULTS: dict[str, dict[str, Any]] = {
    "report": {"percent": 30, "spent": "10", "evidence": [evidence()]},
    "split": {"parts": "ok"},
    "return": {"reason": "请补充"},
    "cancel": {"reason": "不再开展"},
}


@pytest.mark.parametrize("case", CASES, ids=[f"{c[1]}-{c[4]}-{i}" for i, c in enumerate(CASES)])
async def test_each_refusal_has_its_code_and_writes_nothing(
    api: Api, build: Builder, case: tuple[str, str, dict[str, Any], str, str, list[str] | None]
) -> None:
    who, mutation, overrides, status, code, field = case
    tree = await task_tree(build)
    book = tree.ledger
    member = await book.add("张三", "101")
    elsewhere = await book.add("赵六", "140", org=book.branch2)
    plan = await approved_plan(tree, [ItemSpec("主题党日", [book.branch])])
    (whole,) = await assignments(build, plan)
    if status != "ASSIGNED":
        await force_status(build, whole.id, status)  # type: ignore[arg-type]
    values: dict[str, Any] = {"assignmentId": gid("Assignment", whole.id), "version": 1}
    values.update(DEFAULTS.get(mutation, {}))
    values.update(overrides)
    part = {"assigneeMemberId": gid("Member", member.id), "dueOn": str(SOON)}
    parts = {
        "ok": [part],
        "outsider": [{**part, "assigneeMemberId": gid("Member", elsewhere.id)}],
        "late": [{**part, "dueOn": str(SOON + timedelta(days=1))}],
        "twice": [part, part],
    }
    if isinstance(values.get("parts"), str):
        values["parts"] = parts[values["parts"]]
    user = getattr(tree, who) if who in ("root_secretary", "branch2_secretary") else getattr(book, who)
    await refused(api, build, QUERIES[mutation], values, tree.token(user), code=code, field=field, rows=tree.rows)
