"""Issuing a study topic (第一议题): a committee issues it to its subtree; every refusal has its exact code and
field, writes nothing and leaves one audit record carrying the code."""

from datetime import date, timedelta
from typing import Any

import pytest

from domain import tree
from domain.charts import rate
from domain.orglife import study
from domain.orgs.models import OrgType
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.orglife_study_support import StudyTree, dissolve, issue, study_tree, topic_rows


def _input(tree: StudyTree, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "issuerOrganizationId": gid("Organization", tree.book.root.id),
        "title": "学习贯彻党的二十届四中全会精神",
        "source": "中共中央文件",
        "issuedOn": "2026-11-01",
        "dueOn": "2026-12-31",
    }
    values.update(overrides)
    return values


async def test_a_committee_issues_a_topic_to_its_subtree(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    trail = len(await build.audit_records())
    payload = await issue(
        api, _input(tree, title="  学习贯彻全会精神 ", source=" ", dueOn=None), tree.book.token(tree.book.org_admin)
    )
    assert payload["errors"] == []
    topic = payload["topic"]
    assert (topic["title"], topic["source"], topic["issuedOn"], topic["dueOn"]) == (
        "学习贯彻全会精神",
        None,
        "2026-11-01",
        None,
    )
    assert topic["issuerName"] == "集团党委" and topic["issuer"]["name"] == "集团党委"
    records = (await build.audit_records())[trail:]
    assert [(r.operation, r.result, r.object_type, r.org_id) for r in records] == [
        ("issueStudyTopic", "OK", "StudyTopic", tree.book.root.id)
    ]
    assert gid("StudyTopic", records[0].object_id) == topic["id"]
    assert records[0].changes == {
        "title": "学习贯彻全会精神",
        "source": None,
        "issued_on": "2026-11-01",
        "due_on": None,
    }
    # A lower committee issues to its own subtree; today and a deadline on the issue date are allowed.
    on = today().isoformat()
    lower = await issue(
        api,
        _input(tree, issuerOrganizationId=gid("Organization", tree.sub.id), issuedOn=on, dueOn=on),
        tree.book.token(tree.sub_admin),
    )
    assert lower["errors"] == [] and lower["topic"]["issuerName"] == "二级党委"


REFUSALS = [
    # (who, input overrides, code, field)
    ("org_admin", {"issuerOrganizationId": gid("Organization", 999999)}, "NOT_FOUND", ["issuerOrganizationId"]),
    ("org_admin", {"issuerOrganizationId": gid("Member", 1)}, "INVALID_ID", ["issuerOrganizationId"]),
    ("outsider", {}, "NOT_FOUND", ["issuerOrganizationId"]),  # a sibling committee's ORG_ADMIN
    ("secretary", {}, "NOT_FOUND", ["issuerOrganizationId"]),  # a branch secretary cannot see the committee
    ("auditor", {}, "FORBIDDEN", None),  # sees it, writes nothing
    ("member_user", {"issuerOrganizationId": "branch"}, "FORBIDDEN", None),
    ("org_admin", {"issuerOrganizationId": "branch"}, "ISSUER_NOT_A_COMMITTEE", ["issuerOrganizationId"]),
    ("org_admin", {"issuerOrganizationId": "general"}, "ISSUER_NOT_A_COMMITTEE", ["issuerOrganizationId"]),
    ("org_admin", {"issuerOrganizationId": "dissolved"}, "ORG_DISSOLVED", ["issuerOrganizationId"]),
    ("org_admin", {"issuedOn": "tomorrow"}, "DATE_IN_FUTURE", ["issuedOn"]),
    ("org_admin", {"issuerOrganizationId": "new", "issuedOn": "2019-12-31"}, "DATE_BEFORE_ESTABLISHED", ["issuedOn"]),
    ("org_admin", {"dueOn": "2026-10-31"}, "INVALID_DUE_DATE", ["dueOn"]),
    ("org_admin", {"title": "   "}, "INVALID_TEXT", ["title"]),
    ("org_admin", {"title": "x" * 201}, "INVALID_TEXT", ["title"]),
    ("org_admin", {"title": "学习\n精神"}, "INVALID_TEXT", ["title"]),
    ("org_admin", {"source": "y" * 301}, "INVALID_TEXT", ["source"]),
    ("org_admin", {"source": "文件\x07"}, "INVALID_TEXT", ["source"]),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=[f"{r[2]}-{i}" for i, r in enumerate(REFUSALS)])
async def test_each_refusal_has_its_code_writes_nothing_and_is_audited(
    api: Api, build: Builder, refusal: tuple[str, dict[str, Any], str, list[str] | None]
) -> None:
    who, overrides, code, field = refusal
    tree = await study_tree(build)
    orgs = {
        "branch": tree.book.branch,
        "general": tree.general,
        "dissolved": await dissolve(build, await build.org("已撤销党委", OrgType.COMMITTEE, parent=tree.book.root)),
        "new": await build.org("新党委", OrgType.COMMITTEE, parent=tree.book.root, established_on=date(2020, 1, 1)),
    }
    values = _input(tree, **overrides)
    if values["issuerOrganizationId"] in orgs:
        values["issuerOrganizationId"] = gid("Organization", orgs[values["issuerOrganizationId"]].id)
    if values["issuedOn"] == "tomorrow":
        values.update(issuedOn=(today() + timedelta(days=1)).isoformat(), dueOn=None)
    before, trail = await topic_rows(build), len(await build.audit_records())
    payload = await issue(api, values, tree.book.token(getattr(tree.book, who)))
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"] and payload["topic"] is None
    assert await topic_rows(build) == before
    records = (await build.audit_records())[trail:]
    assert [(r.operation, r.result) for r in records] == [("issueStudyTopic", code)]


@pytest.mark.parametrize(
    ("studied", "expected", "percent"),
    [(0, 0, 0.0), (0, 8, 0.0), (3, 8, 37.5), (1, 3, 33.3), (2, 3, 66.7), (1, 16, 6.3), (7, 7, 100.0)],
)
def test_coverage_percent_has_one_decimal_rounded_half_up(studied: int, expected: int, percent: float) -> None:
    assert (rate(studied, expected) or 0.0) == percent


def test_a_topic_reaches_the_orgs_below_its_issuer() -> None:
    assert tree.ancestor_paths("/1/5/23/") == ["/1/", "/1/5/", "/1/5/23/"]
    assert tree.ancestor_paths("/7/") == ["/7/"]
    # The overlap of the issuer's subtree and the subtree asked about: the deeper one, or none.
    assert study.common_scope("/1/", "/1/5/") == "/1/5/"
    assert study.common_scope("/1/5/", "/1/") == "/1/5/"
    assert study.common_scope("/1/5/", "/1/6/") is None
    assert study.common_scope("/1/5/", "/1/55/") is None
