"""The task alert rules: everyone signed in reads the defaults of issue 6 (80% / 50% / 5 working days);
only ADMIN changes them, as one versioned, audited record; a bad value is refused with its code and field
and changes nothing."""

from typing import Any

import pytest

from tests.fixtures import Api, Builder
from tests.mutation_support import accepted, refused
from tests.tasks_support import task_tree

FIELDS = "atRiskElapsedPercent atRiskProgressPercent approvalWaitWorkingDays version"
READ = f"{{ taskRules {{ {FIELDS} }} }}"
UPDATE = f"""mutation($input: TaskRulesInput!) {{ updateTaskRules(input: $input) {{
  rules {{ {FIELDS} }} errors {{ code field message }} }} }}"""


def _input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "version": 1,
        "atRiskElapsedPercent": 80,
        "atRiskProgressPercent": 50,
        "approvalWaitWorkingDays": 5,
    }
    return {**values, **overrides}


async def test_everyone_reads_the_defaults(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    for user in (tree.ledger.member_user, tree.ledger.secretary, tree.ledger.admin):
        rules = (await api.data(READ, token=tree.token(user)))["taskRules"]
        assert rules == {
            "atRiskElapsedPercent": 80,
            "atRiskProgressPercent": 50,
            "approvalWaitWorkingDays": 5,
            "version": 1,
        }


async def test_admin_changes_the_rules_as_one_version(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    token = tree.token(tree.ledger.admin)
    payload = await accepted(api, build, UPDATE, _input(atRiskElapsedPercent=70, approvalWaitWorkingDays=3), token)
    assert payload["rules"] == {
        "atRiskElapsedPercent": 70,
        "atRiskProgressPercent": 50,
        "approvalWaitWorkingDays": 3,
        "version": 2,
    }
    record = (await build.audit_records())[-1]
    assert (record.operation, record.object_type) == ("updateTaskRules", "TaskRules")
    assert record.changes == {
        "at_risk_elapsed_percent": {"from": 80, "to": 70},
        "approval_wait_working_days": {"from": 5, "to": 3},
    }
    # The edges of each range are allowed.
    edges = _input(version=2, atRiskElapsedPercent=100, atRiskProgressPercent=1, approvalWaitWorkingDays=60)
    payload = await accepted(api, build, UPDATE, edges, token)
    assert payload["rules"]["version"] == 3 and payload["rules"]["approvalWaitWorkingDays"] == 60
    assert (await api.data(READ, token=tree.token(tree.ledger.secretary)))["taskRules"] == payload["rules"]


@pytest.mark.parametrize(
    "case",
    [
        ("org_admin", {}, "FORBIDDEN", None),
        ("secretary", {}, "FORBIDDEN", None),
        ("auditor", {}, "FORBIDDEN", None),
        ("admin", {"version": 7}, "STALE_VERSION", ["version"]),
        ("admin", {"atRiskElapsedPercent": 0}, "INVALID_TASK_RULES", ["atRiskElapsedPercent"]),
        ("admin", {"atRiskElapsedPercent": 101}, "INVALID_TASK_RULES", ["atRiskElapsedPercent"]),
        ("admin", {"atRiskProgressPercent": 0}, "INVALID_TASK_RULES", ["atRiskProgressPercent"]),
        ("admin", {"atRiskProgressPercent": 101}, "INVALID_TASK_RULES", ["atRiskProgressPercent"]),
        ("admin", {"approvalWaitWorkingDays": 0}, "INVALID_TASK_RULES", ["approvalWaitWorkingDays"]),
        ("admin", {"approvalWaitWorkingDays": 61}, "INVALID_TASK_RULES", ["approvalWaitWorkingDays"]),
    ],
)
async def test_refusals_change_nothing(api: Api, build: Builder, case: tuple[Any, ...]) -> None:
    who, overrides, code, field = case
    tree = await task_tree(build)
    token = tree.token(getattr(tree.ledger, who))
    payload = await refused(api, build, UPDATE, _input(**overrides), token, code=code, field=field, rows=tree.rows)
    assert payload["rules"] is None


async def test_reading_needs_a_sign_in(api: Api, build: Builder) -> None:
    await task_tree(build)
    response = await api.post(READ)
    assert response["data"] is None and response["errors"]
