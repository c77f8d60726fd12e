"""The rules of organization life: everyone reads the regulation defaults; only ADMIN changes them, as one
versioned record; a bad value is refused with its code and changes nothing."""

from typing import Any

from domain.orglife.models import MeetingRequirement
from tests.fixtures import Api, Builder
from tests.members_support import ledger

FIELDS = """reelectionAlertMonths meetingAlertNumerator meetingAlertDenominator studyAlertDays inactiveMonths
  termAdjustMaxMonths branchCommitteeMinFullMembers version requirements { meetingType orgType period minCount }"""
READ = f"{{ orgLifeRules {{ {FIELDS} }} }}"
UPDATE = f"""mutation($input: OrgLifeRulesInput!) {{ updateOrgLifeRules(input: $input) {{
  rules {{ {FIELDS} }} errors {{ code field message }} }} }}"""
DEFAULTS = [
    ("BRANCH_GENERAL_MEETING", "BRANCH", "QUARTER"),
    ("BRANCH_COMMITTEE_MEETING", "BRANCH", "MONTH"),
    ("GROUP_MEETING", "GROUP", "MONTH"),
    ("PARTY_LECTURE", "BRANCH", "QUARTER"),
    ("PARTY_LECTURE", "COMMITTEE", "YEAR"),
    ("PARTY_LECTURE", "GENERAL_BRANCH", "YEAR"),
    ("THEME_PARTY_DAY", "BRANCH", "MONTH"),
    ("ORG_LIFE_MEETING", "BRANCH", "YEAR"),
    ("DEMOCRATIC_EVALUATION", "BRANCH", "YEAR"),
    ("COMMITTEE_MEETING", "COMMITTEE", "MONTH"),
]


def _input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "version": 1,
        "reelectionAlertMonths": 6,
        "meetingAlertNumerator": 2,
        "meetingAlertDenominator": 3,
        "studyAlertDays": 14,
        "inactiveMonths": 6,
        "termAdjustMaxMonths": 12,
        "branchCommitteeMinFullMembers": 7,
    }
    values.update(overrides)
    return values


async def test_everyone_reads_the_regulation_defaults(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    rules = (await api.data(READ, token=tree.token(tree.secretary)))["orgLifeRules"]
    assert (rules["reelectionAlertMonths"], rules["studyAlertDays"], rules["inactiveMonths"]) == (6, 14, 6)
    assert (rules["meetingAlertNumerator"], rules["meetingAlertDenominator"], rules["version"]) == (2, 3, 1)
    found = [(r["meetingType"], r["orgType"], r["period"]) for r in rules["requirements"]]
    assert found == DEFAULTS and {r["minCount"] for r in rules["requirements"]} == {1}


async def test_admin_changes_windows_and_frequencies_as_one_version(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    token = tree.token(tree.admin)
    required = [{"meetingType": "THEME_PARTY_DAY", "orgType": "BRANCH", "period": "QUARTER", "minCount": 2}]
    rules = (await api.data(UPDATE, {"input": _input(studyAlertDays=7, requirements=required)}, token))[
        "updateOrgLifeRules"
    ]
    assert rules["errors"] == []
    assert rules["rules"]["studyAlertDays"] == 7 and rules["rules"]["version"] == 2
    assert rules["rules"]["requirements"] == [{**required[0]}]
    records = await build.audit_records()
    assert (records[-1].operation, records[-1].result) == ("updateOrgLifeRules", "OK")
    assert set(records[-1].changes or {}) == {"study_alert_days", "requirements"}
    # Without a list the frequencies stay as they are.
    kept = (await api.data(UPDATE, {"input": _input(version=2)}, token))["updateOrgLifeRules"]
    assert kept["rules"]["requirements"] == [{**required[0]}] and kept["rules"]["studyAlertDays"] == 14


async def test_refusals_change_nothing(api: Api, build: Builder) -> None:
    tree = await ledger(build)
    admin_token = tree.token(tree.admin)
    wrong_place = [{"meetingType": "GROUP_MEETING", "orgType": "COMMITTEE", "period": "MONTH", "minCount": 1}]
    twice = [{"meetingType": "THEME_PARTY_DAY", "orgType": "BRANCH", "period": "MONTH", "minCount": 1}] * 2
    cases = [
        (tree.token(tree.org_admin), _input(), "FORBIDDEN"),
        (admin_token, _input(version=7), "STALE_VERSION"),
        (admin_token, _input(meetingAlertNumerator=3), "INVALID_RULES"),
        (admin_token, _input(inactiveMonths=0), "INVALID_RULES"),
        (admin_token, _input(requirements=wrong_place), "MEETING_TYPE_NOT_ALLOWED"),
        (admin_token, _input(requirements=twice), "INVALID_RULES"),
    ]
    for token, values, code in cases:
        before = await build.count(MeetingRequirement), len(await build.audit_records())
        payload = (await api.data(UPDATE, {"input": values}, token))["updateOrgLifeRules"]
        assert payload["rules"] is None and [e["code"] for e in payload["errors"]] == [code], (code, payload)
        records = await build.audit_records()
        assert (await build.count(MeetingRequirement), len(records)) == (before[0], before[1] + 1)
        assert records[-1].result == code
    rules = (await api.data(READ, token=admin_token))["orgLifeRules"]
    assert rules["version"] == 1 and len(rules["requirements"]) == len(DEFAULTS)
