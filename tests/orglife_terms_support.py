"""What the term and re-election tests share: the ledger's tree with people on its rolls, the mutations as a
client sends them, and the proof that a refused one wrote nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from domain.members.enums import MemberStatus
from domain.members.models import Member
from domain.orgs.models import Organization
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger

ORG_FIELDS = """id version termStartedOn termYears termEndsOn
  currentTerm { startedOn endsOn scheduledEndsOn adjusted reelectionStatus alertLevel
    election { id heldOn } committee { position votesFor member { id name } } }
  termAdjustments { previousEndsOn newEndsOn approvalNote approver { id name } }"""
ELECTION_FIELDS = """id heldOn entitledVoters votersPresent termYears termEndsOn note organization { id name }
  committee { position votesFor member { id name status } }"""
MUTATIONS = {
    "recordElection": "mutation($input: RecordElectionInput!) { recordElection(input: $input) { "
    f"election {{ {ELECTION_FIELDS} }} errors {{ field message code }} }} }}",
    "adjustTerm": "mutation($input: AdjustTermInput!) { adjustTerm(input: $input) { "
    f"organization {{ {ORG_FIELDS} }} errors {{ field message code }} }} }}",
}
HELD_ON = date(2025, 6, 1)


@dataclass
class Rolls:
    """第一党支部: 10 full members (a 支委会 from 7; 10 entitled to vote) and a probationary one; 第二党支部:
    3 full members (a secretary and at most a deputy)."""

    book: Ledger
    branch_full: list[Member]
    probationary: Member
    branch2_full: list[Member]

    def seats(self, *positions: str, votes: int = 9, members: list[Member] | None = None) -> list[dict[str, Any]]:
        """Seats for the given positions, taken by the branch's full members in order."""
        people = members or self.branch_full
        return [
            {"memberId": gid("Member", m.id), "position": p, "votesFor": votes}
            for m, p in zip(people, positions, strict=False)
        ]


BRANCH_COMMITTEE = ("SECRETARY", "DEPUTY_SECRETARY", "ORGANIZATION", "DISCIPLINE", "PROPAGANDA")


async def add_full(book: Ledger, org: Organization, count: int, start: int) -> list[Member]:
    """`count` full members in `org`, with distinct ID numbers from sequence `start` on."""
    return [await book.add(f"党员{n:02d}", f"{n:02d}1", org=org) for n in range(start, start + count)]


async def rolls(build: Builder) -> Rolls:
    book = await ledger(build)
    full = await add_full(book, book.branch, 10, 10)
    probationary = await book.add(
        "预备党员",
        "901",
        org=book.branch,
        status=MemberStatus.PROBATIONARY,
        converted_on=None,
        joined_on=date(2026, 6, 1),
    )
    return Rolls(book, full, probationary, await add_full(book, book.branch2, 3, 20))


def election_input(org: Organization, committee: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organizationId": gid("Organization", org.id),
        "heldOn": HELD_ON.isoformat(),
        "entitledVoters": 10,
        "votersPresent": 9,
        "committee": committee,
        "note": "第十届支部委员会选举",
    }
    values.update(overrides)
    return values


async def term_rows(build: Builder) -> list[tuple[Any, ...]]:
    """Every election, seat, adjustment and organization row, every column: what a refusal must not touch."""
    found: list[tuple[Any, ...]] = []
    async with build.sessions() as session:
        for name in ("election", "election_seat", "term_adjustment", "organization"):
            table = SQLModel.metadata.tables[name]
            found += [tuple(row) for row in await session.execute(select(table).order_by(table.c.id))]
    return found


async def mutate(api: Api, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    data = await api.data(MUTATIONS[operation], {"input": input}, token)
    payload: dict[str, Any] = data[operation]
    return payload


async def accepted(api: Api, build: Builder, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    """Accepted, with exactly one audit record saying OK; returns the election or the organization."""
    trail_before = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert payload["errors"] == [], payload
    records = (await build.audit_records())[trail_before:]
    assert [(r.operation, r.result) for r in records] == [(operation, "OK")]
    found: dict[str, Any] = payload["election" if operation == "recordElection" else "organization"]
    return found


async def refused(
    api: Api, build: Builder, operation: str, input: dict[str, Any], token: str, *, code: str, field: list[str] | None
) -> None:
    """Refused with exactly this code and field; nothing written; one audit record carries the code."""
    rows_before = await term_rows(build)
    trail_before = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"]
    assert payload.get("election") is None and payload.get("organization") is None, payload
    assert await term_rows(build) == rows_before
    records = (await build.audit_records())[trail_before:]
    assert [(r.operation, r.result) for r in records] == [(operation, code)]
