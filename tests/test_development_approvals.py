"""Who may do what in member development: approvals need the upper committee, rules need the ADMIN.

Decision: a branch-level user who may see and work on the file, but not approve, is refused with
APPROVAL_LEVEL_REQUIRED (a specific code tells them to go to the committee); a user who may not work on
the file at all gets FORBIDDEN or, outside the grants, NOT_FOUND, as everywhere else.
"""

from typing import Any

import pytest

from authz.roles import Role
from tests.development_support import SCRIPT, Path, make_path, refused_step, script_index
from tests.fixtures import Api, Builder
from tests.members_support import ledger

RULES = """mutation($input: DevelopmentRulesInput!) { updateDevelopmentRules(input: $input) {
  rules { activistMinMonths version } errors { code field } } }"""
READ_RULES = "{ developmentRules { talkWithinMonths activistMinMonths trainingMinDays probationMonths version } }"


async def _before(api: Api, build: Builder, approval: str) -> tuple[Path, str, str, dict[str, Any]]:
    """A file with every step before `approval` recorded, and the approval's date and details."""
    path = await make_path(api, await ledger(build))
    index = script_index(approval) - 1
    _, on, details = SCRIPT[index]
    return path, await path.opened(upto=index), on, details


@pytest.mark.parametrize("approval", ["UPPER_PRE_REVIEW", "UPPER_TALK", "ADMISSION_APPROVAL", "CONVERSION_APPROVAL"])
async def test_approvals_need_the_upper_committee(api: Api, build: Builder, approval: str) -> None:
    path, file_id, on, details = await _before(api, build, approval)
    ledger_ = path.ledger
    secretary = ledger_.token(ledger_.secretary)  # SECRETARY of the branch and all below it
    branch_admin = await ledger_.build.user("branch.admin", grants=[(Role.ORG_ADMIN, ledger_.branch, True)])
    for token in (secretary, ledger_.token(branch_admin)):
        message = await refused_step(
            path, file_id, approval, on, code="APPROVAL_LEVEL_REQUIRED", token=token, **details
        )
        assert "上级党委" in message
    committee_secretary = await ledger_.build.user("committee.secretary", grants=[(Role.SECRETARY, ledger_.root, True)])
    payload = await path.step(file_id, approval, on, ledger_.token(committee_secretary), **details)
    assert payload["errors"] == [], payload


async def test_others_may_not_record_steps(api: Api, build: Builder) -> None:
    path = await make_path(api, await ledger(build))
    file_id = await path.opened()
    ledger_ = path.ledger
    step = ("APPLICANT_TALK", "2022-03-10")
    await refused_step(path, file_id, *step, code="FORBIDDEN", token=ledger_.token(ledger_.auditor), talker="甲")
    await refused_step(path, file_id, *step, code="NOT_FOUND", token=ledger_.token(ledger_.outsider), talker="甲")
    opened = await path.open(token=ledger_.token(ledger_.auditor), name="李小红")
    assert [e["code"] for e in opened["errors"]] == ["FORBIDDEN"]


async def test_only_the_admin_edits_the_rules(api: Api, build: Builder) -> None:
    path = await make_path(api, await ledger(build))
    ledger_ = path.ledger
    current = (await api.data(READ_RULES, None, path.token))["developmentRules"]
    assert current == {"talkWithinMonths": 1, "activistMinMonths": 12, "trainingMinDays": 3, "probationMonths": 12,
                       "version": current["version"]}  # fmt: skip
    values = {
        "version": current["version"], "talkWithinMonths": 1, "activistMinMonths": 6, "trainingMinDays": 3,
        "trainingMinHours": 24, "approvalMaxMonths": 3, "approvalSpecialMaxMonths": 6, "probationMonths": 12,
        "extensionMinMonths": 6, "extensionMaxMonths": 12, "reviewEveryMonths": 6, "conversionAlertDays": 30,
        "reviewAlertDays": 30,
    }  # fmt: skip
    refused = await api.data(RULES, {"input": values}, path.token)
    assert [e["code"] for e in refused["updateDevelopmentRules"]["errors"]] == ["FORBIDDEN"]
    bad = await api.data(RULES, {"input": {**values, "extensionMinMonths": 13}}, ledger_.token(ledger_.admin))
    assert [e["code"] for e in bad["updateDevelopmentRules"]["errors"]] == ["INVALID_RULES"]
    done = await api.data(RULES, {"input": values}, ledger_.token(ledger_.admin))
    assert done["updateDevelopmentRules"] == {
        "rules": {"activistMinMonths": 6, "version": current["version"] + 1},
        "errors": [],
    }
    stale = await api.data(RULES, {"input": values}, ledger_.token(ledger_.admin))
    assert [e["code"] for e in stale["updateDevelopmentRules"]["errors"]] == ["STALE_VERSION"]

    # The stricter local rule applies at once: six months as activist now suffice.
    file_id = await path.opened(upto=script_index("CONTACTS_ASSIGNED"))  # activist since 2022-04-01
    assert (await path.step(file_id, "ACTIVIST_REVIEW", "2022-09-01", review="好"))["errors"] == []
    await refused_step(path, file_id, "TARGET_DESIGNATION", "2022-09-30", code="INTERVAL_NOT_MET")
    assert (await path.step(file_id, "TARGET_DESIGNATION", "2022-10-01"))["errors"] == []
