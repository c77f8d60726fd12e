"""A term's end: from the org type's default length, or from an adjustment the upper committee approved
(adjustTerm), at most 12 months either way."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orglife_terms_support import BRANCH_COMMITTEE, ORG_FIELDS, accepted, election_input, refused, rolls

OP = "adjustTerm"
ORG = f"query($id: ID!) {{ organization(id: $id) {{ version {ORG_FIELDS} }} }}"
UPDATE_ORG = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { errors { code } } }"


async def _org(api: Api, org: Organization, token: str) -> dict[str, Any]:
    found: dict[str, Any] = (await api.data(ORG, {"id": gid("Organization", org.id)}, token))["organization"]
    return found


def _adjust(
    org: Organization, new_end_on: str, note: str = "集团党委〔2026〕12 号批复：因企业重组延期换届"
) -> dict[str, Any]:
    return {"organizationId": gid("Organization", org.id), "newEndOn": new_end_on, "approvalNote": note}


@pytest.mark.parametrize(
    ("type", "started", "ends"),
    [
        (OrgType.COMMITTEE, date(2024, 7, 1), "2029-07-01"),
        (OrgType.GENERAL_BRANCH, date(2024, 7, 1), "2027-07-01"),
        (OrgType.BRANCH, date(2024, 7, 1), "2027-07-01"),
        (OrgType.BRANCH, date(2024, 2, 29), "2027-02-28"),
    ],
)
async def test_a_term_ends_after_the_default_length_of_its_type(
    api: Api, build: Builder, type: OrgType, started: date, ends: str
) -> None:
    book = (await rolls(build)).book
    org = await build.org("新组织", type, parent=book.root, term_started_on=started)
    found = await _org(api, org, book.token(book.org_admin))
    assert (found["termEndsOn"], found["currentTerm"]["endsOn"], found["currentTerm"]["scheduledEndsOn"]) == (
        ends,
        ends,
        ends,
    )
    assert (found["currentTerm"]["adjusted"], found["currentTerm"]["election"]) == (False, None)


async def test_an_election_sets_the_end_from_its_date(api: Api, build: Builder) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.org_admin)
    await accepted(api, build, "recordElection", election_input(r.book.root, r.seats(*BRANCH_COMMITTEE)), token)
    assert (await _org(api, r.book.root, token))["termEndsOn"] == "2030-06-01"


@pytest.mark.parametrize(
    ("new_end", "ok"),
    [("2029-06-01", True), ("2027-06-01", True), ("2029-06-02", False), ("2027-05-31", False), ("2028-06-01", True)],
)
async def test_an_adjustment_moves_the_end_by_at_most_twelve_months(
    api: Api, build: Builder, new_end: str, ok: bool
) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.org_admin)
    await accepted(api, build, "recordElection", election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE)), token)
    version = (await build.get_org(r.book.branch.id)).version
    if not ok:
        await refused(
            api, build, OP, _adjust(r.book.branch, new_end), token, code="TERM_ADJUSTMENT_TOO_LARGE", field=["newEndOn"]
        )
        return
    org = await accepted(api, build, OP, _adjust(r.book.branch, new_end), token)
    assert (org["termEndsOn"], org["version"]) == (new_end, version + 1)
    term = org["currentTerm"]
    assert (term["startedOn"], term["endsOn"], term["scheduledEndsOn"], term["adjusted"]) == (
        "2025-06-01",
        new_end,
        "2028-06-01",
        True,
    )
    assert org["termAdjustments"] == [
        {
            "previousEndsOn": "2028-06-01",
            "newEndsOn": new_end,
            "approvalNote": "集团党委〔2026〕12 号批复：因企业重组延期换届",
            "approver": {"id": gid("Organization", r.book.root.id), "name": "集团党委"},
        }
    ]
    changes = (await build.audit_records())[-1].changes
    assert changes is not None and changes["term_adjusted_ends_on"] == {"from": None, "to": new_end}


async def test_a_later_adjustment_is_measured_from_the_scheduled_end(api: Api, build: Builder) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.org_admin)
    await accepted(api, build, "recordElection", election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE)), token)
    await accepted(api, build, OP, _adjust(r.book.branch, "2029-06-01"), token)
    org = await accepted(api, build, OP, _adjust(r.book.branch, "2027-06-01", "提前换届"), token)
    assert [(a["previousEndsOn"], a["newEndsOn"]) for a in org["termAdjustments"]] == [
        ("2029-06-01", "2027-06-01"),
        ("2028-06-01", "2029-06-01"),
    ]


async def test_a_new_election_ends_the_adjustment(api: Api, build: Builder) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.org_admin)
    await accepted(api, build, "recordElection", election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE)), token)
    await accepted(api, build, OP, _adjust(r.book.branch, "2027-06-01"), token)
    again = election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE), heldOn="2026-05-01")
    await accepted(api, build, "recordElection", again, token)
    org = await _org(api, r.book.branch, token)
    assert (org["termEndsOn"], org["currentTerm"]["adjusted"], org["currentTerm"]["election"]["heldOn"]) == (
        "2029-05-01",
        False,
        "2026-05-01",
    )
    assert len(org["termAdjustments"]) == 1  # the history stays


async def test_a_term_start_entered_by_hand_ends_the_adjustment(api: Api, build: Builder) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.org_admin)
    await accepted(api, build, "recordElection", election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE)), token)
    await accepted(api, build, OP, _adjust(r.book.branch, "2027-06-01"), token)
    version = (await _org(api, r.book.branch, token))["version"]
    update_input = {"id": gid("Organization", r.book.branch.id), "version": version, "termStartedOn": "2026-03-01"}
    body = await api.data(UPDATE_ORG, {"input": update_input}, token)
    assert body["updateOrganization"]["errors"] == []
    org = await _org(api, r.book.branch, token)
    assert (org["termEndsOn"], org["currentTerm"]["adjusted"]) == ("2029-03-01", False)


async def test_approval_needs_the_grant_at_the_upper_committee(api: Api, build: Builder) -> None:
    r = await rolls(build)
    book = r.book
    await accepted(
        api,
        build,
        "recordElection",
        election_input(book.branch, r.seats(*BRANCH_COMMITTEE)),
        book.token(book.secretary),
    )
    # The branch's own secretary keeps its organization life, but the approval is the upper committee's.
    for user in (book.secretary, book.auditor):
        await refused(
            api,
            build,
            OP,
            _adjust(book.branch, "2029-06-01"),
            book.token(user),
            code="APPROVAL_LEVEL_REQUIRED",
            field=["organizationId"],
        )
    await refused(
        api,
        build,
        OP,
        _adjust(book.branch, "2029-06-01"),
        book.token(book.outsider),
        code="NOT_FOUND",
        field=["organizationId"],
    )
    upper_secretary = await build.user("upper.secretary", grants=[(Role.SECRETARY, book.root, True)])
    await accepted(api, build, OP, _adjust(book.branch, "2029-06-01"), book.token(upper_secretary))
    await accepted(api, build, OP, _adjust(book.branch, "2029-05-01"), book.token(book.org_admin))


async def test_a_committee_is_approved_by_the_committee_above_it(api: Api, build: Builder) -> None:
    book = (await rolls(build)).book
    middle = await build.org("二级党委", OrgType.COMMITTEE, parent=book.root, term_started_on=date(2024, 1, 1))
    own_admin = await build.user("middle.admin", grants=[(Role.ORG_ADMIN, middle, True)])
    await refused(
        api,
        build,
        OP,
        _adjust(middle, "2029-06-01"),
        book.token(own_admin),
        code="APPROVAL_LEVEL_REQUIRED",
        field=["organizationId"],
    )
    org = await accepted(api, build, OP, _adjust(middle, "2029-06-01"), book.token(book.org_admin))
    assert org["termAdjustments"][0]["approver"]["name"] == "集团党委"


async def test_a_root_committee_is_approved_at_its_own_level(api: Api, build: Builder) -> None:
    book = (await rolls(build)).book
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization).where(col(Organization.id) == book.root.id).values(term_started_on=date(2022, 1, 1))
        )
    org = await accepted(api, build, OP, _adjust(book.root, "2027-06-30"), book.token(book.org_admin))
    assert (org["termEndsOn"], org["termAdjustments"][0]["approver"]["name"]) == ("2027-06-30", "集团党委")


@pytest.mark.parametrize(
    ("case", "code", "field"),
    [
        ("no term", "NO_CURRENT_TERM", ["organizationId"]),
        ("blank note", "INVALID_TEXT", ["approvalNote"]),
        ("note too long", "INVALID_TEXT", ["approvalNote"]),
        ("a group", "INVALID_COMMITTEE", ["organizationId"]),
        ("unknown org", "NOT_FOUND", ["organizationId"]),
        ("a member's id", "INVALID_ID", ["organizationId"]),
    ],
)
async def test_refusals_write_nothing(api: Api, build: Builder, case: str, code: str, field: list[str]) -> None:
    r = await rolls(build)
    book = r.book
    token = book.token(book.org_admin)
    await accepted(api, build, "recordElection", election_input(book.branch, r.seats(*BRANCH_COMMITTEE)), token)
    values = {
        "no term": _adjust(book.branch2, "2029-06-01"),
        "blank note": _adjust(book.branch, "2029-06-01", "  "),
        "note too long": _adjust(book.branch, "2029-06-01", "批" * 501),
        "a group": _adjust(book.group, "2029-06-01"),
        "unknown org": {**_adjust(book.branch, "2029-06-01"), "organizationId": gid("Organization", 99999)},
        "a member's id": {**_adjust(book.branch, "2029-06-01"), "organizationId": gid("Member", r.branch_full[0].id)},
    }[case]
    await refused(api, build, OP, values, token, code=code, field=field)
