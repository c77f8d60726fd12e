"""recordElection through the endpoint: what an election does to the org's term, and every refusal."""

from datetime import date, timedelta
from typing import Any

import pytest

from domain.orglife.models import Election, ElectionSeat
from domain.orgs import service as orgs
from domain.orgs.models import OrgType
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.orglife_terms_support import (
    BRANCH_COMMITTEE,
    HELD_ON,
    Rolls,
    accepted,
    election_input,
    mutate,
    refused,
    rolls,
)

OP = "recordElection"


async def test_an_election_starts_a_new_term_with_its_committee(api: Api, build: Builder) -> None:
    r = await rolls(build)
    book = r.book
    version = (await build.get_org(book.branch.id)).version
    election = await accepted(
        api, build, OP, election_input(book.branch, r.seats(*BRANCH_COMMITTEE)), book.token(book.secretary)
    )
    assert (election["heldOn"], election["termYears"], election["termEndsOn"]) == ("2025-06-01", 3, "2028-06-01")
    assert (election["entitledVoters"], election["votersPresent"], election["note"]) == (10, 9, "第十届支部委员会选举")
    assert election["organization"]["name"] == "第一党支部"
    assert [(s["position"], s["votesFor"], s["member"]["name"]) for s in election["committee"]] == [
        (p, 9, m.name) for p, m in zip(BRANCH_COMMITTEE, r.branch_full, strict=False)
    ]
    org = await build.get_org(book.branch.id)
    assert (org.term_started_on, org.term_adjusted_ends_on, org.version) == (HELD_ON, None, version + 1)
    assert await build.count(Election) == 1 and await build.count(ElectionSeat) == 5
    record = (await build.audit_records())[-1]
    assert record.changes is not None
    assert (record.object_type, record.org_id) == ("Election", book.branch.id)
    assert record.changes["organization"]["term_started_on"] == {"from": None, "to": "2025-06-01"}
    assert record.changes["organization"]["version"] == {"from": version, "to": version + 1}


async def test_an_upper_committee_may_record_a_branch_election(api: Api, build: Builder) -> None:
    r = await rolls(build)
    await accepted(
        api, build, OP, election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE)), r.book.token(r.book.org_admin)
    )


def _secretary_and_deputy(r: Rolls) -> list[dict[str, Any]]:
    return r.seats("SECRETARY", "DEPUTY_SECRETARY", members=r.branch2_full)


# (who, what changes in the input, the code, the field); the input is a valid election of 第一党支部.
REFUSALS: dict[str, tuple[str, dict[str, Any], str, list[str] | None]] = {
    "outside the actor's grants": ("outsider", {}, "NOT_FOUND", ["organizationId"]),
    "an auditor reads only": ("auditor", {}, "FORBIDDEN", None),
    "a member has no organization life grant": ("member_user", {}, "FORBIDDEN", None),
    "a party group elects no committee": ("org_admin", {"org": "group"}, "INVALID_COMMITTEE", ["organizationId"]),
    "held tomorrow": ("secretary", {"heldOn": "tomorrow"}, "DATE_IN_FUTURE", ["heldOn"]),
    "nobody present": ("secretary", {"votersPresent": 0}, "INVALID_VOTE_COUNTS", ["votersPresent"]),
    "more present than entitled": ("secretary", {"votersPresent": 11}, "INVALID_VOTE_COUNTS", ["votersPresent"]),
    "more entitled than full members": (
        "secretary",
        {"entitledVoters": 11, "votersPresent": 11},
        "INVALID_VOTE_COUNTS",
        ["entitledVoters"],
    ),
    "exactly four-fifths present": ("secretary", {"votersPresent": 8}, "QUORUM_NOT_MET", ["votersPresent"]),
    "more votes than present": ("secretary", {"votes": 10}, "INVALID_VOTE_COUNTS", ["committee", "0", "votesFor"]),
    "negative votes": ("secretary", {"votes": -1}, "INVALID_VOTE_COUNTS", ["committee", "0", "votesFor"]),
    "exactly half of those present": (
        "secretary",
        {"votersPresent": 10, "votes": 5},
        "VOTES_NOT_ENOUGH",
        ["committee", "0", "votesFor"],
    ),
    "no secretary": (
        "secretary",
        {"positions": ("DEPUTY_SECRETARY", "ORGANIZATION", "PROPAGANDA")},
        "SECRETARY_REQUIRED",
        ["committee"],
    ),
    "two secretaries": (
        "secretary",
        {"positions": ("SECRETARY", "SECRETARY", "PROPAGANDA")},
        "SECRETARY_REQUIRED",
        ["committee"],
    ),
    "two organization members": (
        "secretary",
        {"positions": ("SECRETARY", "ORGANIZATION", "ORGANIZATION")},
        "INVALID_COMMITTEE",
        ["committee"],
    ),
    "three deputies": (
        "secretary",
        {"positions": ("SECRETARY", "DEPUTY_SECRETARY", "DEPUTY_SECRETARY", "DEPUTY_SECRETARY")},
        "INVALID_COMMITTEE",
        ["committee"],
    ),
    "one member in two seats": ("secretary", {"twice": True}, "INVALID_COMMITTEE", ["committee", "2", "memberId"]),
    "a probationary member": (
        "secretary",
        {"probationary": True},
        "NOT_ELIGIBLE_FOR_ELECTION",
        ["committee", "1", "memberId"],
    ),
    "another branch's member": (
        "secretary",
        {"branch2": True},
        "NOT_ELIGIBLE_FOR_ELECTION",
        ["committee", "1", "memberId"],
    ),
    "an organization's id as a member": (
        "secretary",
        {"org_id_seat": True},
        "INVALID_ID",
        ["committee", "1", "memberId"],
    ),
    "a note too long": ("secretary", {"note": "记" * 501}, "INVALID_TEXT", ["note"]),
}


def _refusal_input(r: Rolls, change: dict[str, Any]) -> dict[str, Any]:
    book = r.book
    org = book.group if change.get("org") == "group" else book.branch
    seats = r.seats(*change.get("positions", BRANCH_COMMITTEE[:3]), votes=change.get("votes", 9))
    if change.get("twice"):
        seats[2]["memberId"] = seats[0]["memberId"]
    if change.get("probationary"):
        seats[1]["memberId"] = gid("Member", r.probationary.id)
    if change.get("branch2"):
        seats[1]["memberId"] = gid("Member", r.branch2_full[0].id)
    if change.get("org_id_seat"):
        seats[1]["memberId"] = gid("Organization", book.branch.id)
    overrides = {k: v for k, v in change.items() if k in ("entitledVoters", "votersPresent", "note")}
    if change.get("heldOn") == "tomorrow":
        overrides["heldOn"] = (today() + timedelta(days=1)).isoformat()
    return election_input(org, seats, **overrides)


@pytest.mark.parametrize("case", list(REFUSALS))
async def test_refusals_write_nothing(api: Api, build: Builder, case: str) -> None:
    r = await rolls(build)
    who, change, code, field = REFUSALS[case]
    token = r.book.token(getattr(r.book, who))
    await refused(api, build, OP, _refusal_input(r, change), token, code=code, field=field)


async def test_a_dissolved_org_holds_no_election(api: Api, build: Builder) -> None:
    r = await rolls(build)
    empty = await build.org("第三党支部", OrgType.BRANCH, parent=r.book.root)
    async with build.sessions() as session, session.begin():
        await orgs.dissolve_org(
            session,
            actor=await build.admin(),
            org_id=empty.id or 0,
            dissolved_on=date(2025, 1, 1),
            reason="合并",
        )
    token = r.book.token(r.book.org_admin)
    await refused(
        api,
        build,
        OP,
        election_input(empty, r.seats("SECRETARY")),
        token,
        code="ORG_DISSOLVED",
        field=["organizationId"],
    )


async def test_an_election_is_not_before_the_org_was_established(api: Api, build: Builder) -> None:
    r = await rolls(build)
    young = await build.org("新设党委", OrgType.COMMITTEE, parent=r.book.root, established_on=date(2025, 7, 1))
    token = r.book.token(r.book.org_admin)
    await refused(
        api,
        build,
        OP,
        election_input(young, r.seats(*BRANCH_COMMITTEE)),
        token,
        code="DATE_BEFORE_ESTABLISHED",
        field=["heldOn"],
    )


async def test_elections_are_recorded_in_order(api: Api, build: Builder) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.secretary)
    await accepted(api, build, OP, election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE)), token)
    earlier = election_input(r.book.branch, r.seats(*BRANCH_COMMITTEE), heldOn="2025-05-31")
    await refused(api, build, OP, earlier, token, code="ELECTION_OUT_OF_ORDER", field=["heldOn"])
    later = await accepted(
        api,
        build,
        OP,
        election_input(r.book.branch, r.seats("SECRETARY", "DEPUTY_SECRETARY", "ORGANIZATION"), heldOn="2026-01-10"),
        token,
    )
    assert later["termEndsOn"] == "2029-01-10"
    assert (await build.get_org(r.book.branch.id)).term_started_on == date(2026, 1, 10)


@pytest.mark.parametrize(("entitled", "present", "ok"), [(10, 8, False), (10, 9, True), (5, 4, False), (5, 5, True)])
async def test_quorum_is_more_than_four_fifths(api: Api, build: Builder, entitled: int, present: int, ok: bool) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.secretary)
    seats = r.seats(*BRANCH_COMMITTEE[:3], votes=present)
    values = election_input(r.book.branch, seats, entitledVoters=entitled, votersPresent=present)
    if ok:
        await accepted(api, build, OP, values, token)
    else:
        await refused(api, build, OP, values, token, code="QUORUM_NOT_MET", field=["votersPresent"])


@pytest.mark.parametrize(("present", "votes", "ok"), [(9, 4, False), (9, 5, True), (10, 5, False), (10, 6, True)])
async def test_elected_with_more_than_half_of_those_present(
    api: Api, build: Builder, present: int, votes: int, ok: bool
) -> None:
    r = await rolls(build)
    token = r.book.token(r.book.secretary)
    seats = r.seats(*BRANCH_COMMITTEE[:3], votes=present)
    seats[2]["votesFor"] = votes
    values = election_input(r.book.branch, seats, votersPresent=present)
    if ok:
        await accepted(api, build, OP, values, token)
    else:
        await refused(api, build, OP, values, token, code="VOTES_NOT_ENOUGH", field=["committee", "2", "votesFor"])


async def test_payload_is_empty_for_an_unknown_org(api: Api, build: Builder) -> None:
    r = await rolls(build)
    payload = await mutate(
        api,
        OP,
        election_input(r.book.branch, r.seats("SECRETARY"), organizationId=gid("Organization", 99999)),
        r.book.token(r.book.admin),
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("NOT_FOUND", ["organizationId"])]
