"""Reading terms through the endpoint: an org's current term as of today, its elections (newest first) and
committee, who sees them, and what a list of organizations costs in SQL statements."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from domain.timeutil import add_months, today
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.orglife_terms_support import BRANCH_COMMITTEE, ORG_FIELDS, Rolls, accepted, election_input, rolls

ORG = f"query($id: ID!) {{ organization(id: $id) {{ {ORG_FIELDS} }} }}"
ELECTIONS = (
    """query($id: ID!) { elections(organizationId: $id) { id heldOn committee { position member { name } } } }"""
)
NODE = "query($id: ID!) { node(id: $id) { ... on Election { id heldOn organization { name } } } }"


async def _org(api: Api, org: Organization, token: str) -> dict[str, Any]:
    found: dict[str, Any] = (await api.data(ORG, {"id": gid("Organization", org.id)}, token))["organization"]
    return found


@pytest.mark.parametrize(
    ("months_ago", "status", "level"),
    [(12, "ON_TIME", "GREEN"), (35, "DUE_SOON", "YELLOW"), (37, "OVERDUE", "RED")],
)
async def test_the_current_term_shows_its_status_as_of_today(
    api: Api, build: Builder, months_ago: int, status: str, level: str
) -> None:
    book = (await rolls(build)).book
    org = await build.org("某支部", OrgType.BRANCH, parent=book.root, term_started_on=add_months(today(), -months_ago))
    term = (await _org(api, org, book.token(book.org_admin)))["currentTerm"]
    assert (term["reelectionStatus"], term["alertLevel"]) == (status, level)


async def test_no_term_no_current_term(api: Api, build: Builder) -> None:
    book = (await rolls(build)).book
    found = await _org(api, book.branch2, book.token(book.org_admin))
    assert (found["termEndsOn"], found["currentTerm"], found["termAdjustments"]) == (None, None, [])


async def _two_elections(api: Api, build: Builder, r: Rolls) -> list[dict[str, Any]]:
    token = r.book.token(r.book.secretary)
    first = await accepted(
        api,
        build,
        "recordElection",
        election_input(r.book.branch, r.seats("SECRETARY", "DEPUTY_SECRETARY", "ORGANIZATION")),
        token,
    )
    people = list(reversed(r.branch_full))
    second = election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE, members=people), heldOn="2026-03-01")
    return [first, await accepted(api, build, "recordElection", second, token)]


async def test_the_current_term_names_its_election_and_committee(api: Api, build: Builder) -> None:
    r = await rolls(build)
    first, second = await _two_elections(api, build, r)
    term = (await _org(api, r.book.branch, r.book.token(r.book.org_admin)))["currentTerm"]
    assert (term["startedOn"], term["endsOn"], term["election"]) == (
        "2026-03-01",
        "2029-03-01",
        {"id": second["id"], "heldOn": "2026-03-01"},
    )
    assert [(s["position"], s["member"]["name"]) for s in term["committee"]] == [
        (p, m.name) for p, m in zip(BRANCH_COMMITTEE, reversed(r.branch_full), strict=False)
    ]
    listed = await api.data(ELECTIONS, {"id": gid("Organization", r.book.branch.id)}, r.book.token(r.book.auditor))
    assert [e["id"] for e in listed["elections"]] == [second["id"], first["id"]]
    node = (await api.data(NODE, {"id": first["id"]}, r.book.token(r.book.org_admin)))["node"]
    assert node == {"id": first["id"], "heldOn": "2025-06-01", "organization": {"name": "第一党支部"}}


async def test_a_term_started_by_hand_has_no_election(api: Api, build: Builder) -> None:
    r = await rolls(build)
    await _two_elections(api, build, r)
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization)
            .where(col(Organization.id) == r.book.branch.id)
            .values(term_started_on=date(2026, 6, 1))
        )
    term = (await _org(api, r.book.branch, r.book.token(r.book.org_admin)))["currentTerm"]
    assert (term["startedOn"], term["election"], term["committee"]) == ("2026-06-01", None, [])


async def test_a_sibling_branch_and_a_member_see_no_elections(api: Api, build: Builder) -> None:
    r = await rolls(build)
    first, _ = await _two_elections(api, build, r)
    book = r.book
    sibling = await build.user("sibling.secretary", grants=[(Role.SECRETARY, book.branch2, True)])
    branch_id = gid("Organization", book.branch.id)
    for user in (sibling, book.outsider, book.member_user):
        assert (await api.data(ELECTIONS, {"id": branch_id}, book.token(user)))["elections"] == []
        assert (await api.data(NODE, {"id": first["id"]}, book.token(user)))["node"] is None
    # A member sees the branch and its term, not the organization-life records behind it.
    term = (await _org(api, book.branch, book.token(book.member_user)))["currentTerm"]
    assert (term["endsOn"], term["election"], term["committee"]) == ("2029-03-01", None, [])
    # The upper committee sees all of its branches'.
    upper = await build.user("upper.auditor", grants=[(Role.AUDITOR, book.root, True)])
    assert len((await api.data(ELECTIONS, {"id": branch_id}, book.token(upper)))["elections"]) == 2


LIST = """query($u: ID!) { organizations(under: $u, first: 50) { nodes { name termEndsOn
  currentTerm { alertLevel election { heldOn committee { position member { name } } } }
  termAdjustments { newEndsOn approver { name } } } } }"""


async def test_a_list_of_organizations_costs_a_statement_per_kind_of_row(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    r = await rolls(build)
    book = r.book
    token = book.token(book.org_admin)
    counts = []
    for n, org in enumerate((book.branch, book.branch2, book.root)):
        small = org is book.branch2  # 3 full members: a secretary, elected by all three
        seats = r.seats("SECRETARY", members=r.branch2_full, votes=3) if small else r.seats(*BRANCH_COMMITTEE)
        voters = {"entitledVoters": 3, "votersPresent": 3} if small else {}
        values = election_input(org, seats, heldOn=f"2025-0{n + 1}-01", **voters)
        await accepted(api, build, "recordElection", values, token)
        adjust = {
            "organizationId": gid("Organization", org.id),
            "newEndOn": "2029-12-31" if org is book.root else "2027-12-31",
            "approvalNote": "批复",
        }
        await accepted(api, build, "adjustTerm", adjust, token)
        statements.clear()
        data = await api.data(LIST, {"u": gid("Organization", book.root.id)}, token)
        counts.append(statements.count)
        with_terms = [o for o in data["organizations"]["nodes"] if o["currentTerm"]]
        assert len(with_terms) == n + 1
        assert all(o["currentTerm"]["election"]["committee"] for o in with_terms)
    # the actor (2), the under org's path, the page; then one each: rules, latest elections, seats, members,
    # adjustments, approvers, whether one organization has a term or three
    assert counts == [10, 10, 10], statements.statements
