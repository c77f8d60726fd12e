"""What the organization-life tests share: a valid meeting input, the meeting mutations and queries as a
client sends them, rows inserted directly where a test needs a committee or a study topic, and the proof
that a refused mutation wrote nothing."""

from datetime import date
from typing import Any

from sqlalchemy import select

from domain.orglife.models import (
    Election,
    ElectionSeat,
    Meeting,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendance,
    MeetingRevision,
    MeetingStudy,
    StudyTopic,
)
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid

HELD_ON = "2025-06-10"
CHECKSUM = "a" * 64
DEFAULT_TYPE = {
    OrgType.COMMITTEE: "COMMITTEE_MEETING",
    OrgType.GENERAL_BRANCH: "BRANCH_GENERAL_MEETING",
    OrgType.BRANCH: "BRANCH_GENERAL_MEETING",
    OrgType.GROUP: "GROUP_MEETING",
}
MEETING_FIELDS = """id type heldOn title place lecturerName dueCount presentCount attendanceRate combinedEvaluation
  version createdAt updatedAt organization { id name }
  host { id name } recorder { id name } lecturer { id name }
  attendance { member { id name } present absenceReason }
  agenda { position title studyTopics { id title } }
  decisions { text votesFor votesAgainst abstentions entitled passed }
  attachments { name size checksum contentType }
  revisions { version reason changedAt changedBy { username } snapshot }"""
PAYLOAD = f"meeting {{ {MEETING_FIELDS} }} errors {{ field message code }}"
RECORD = f"mutation($input: RecordMeetingInput!) {{ recordMeeting(input: $input) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($input: UpdateMeetingInput!) {{ updateMeeting(input: $input) {{ {PAYLOAD} }} }}"
MEETING = f"query($id: ID!) {{ meeting(id: $id) {{ {MEETING_FIELDS} }} }}"
MEETINGS = """query($under: ID!, $type: MeetingType, $from: Date, $to: Date, $first: Int, $after: String) {
  meetings(under: $under, type: $type, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id type heldOn title organization { name } }
  }
}"""
MUTATIONS = {"recordMeeting": RECORD, "updateMeeting": UPDATE}


def meeting_input(org: Organization, **overrides: Any) -> dict[str, Any]:
    """A valid recordMeeting input for `org`, of the type its kind of org holds most; keyword arguments
    replace or add fields."""
    values: dict[str, Any] = {
        "organizationId": gid("Organization", org.id),
        "type": DEFAULT_TYPE[OrgType(org.type)],
        "heldOn": HELD_ON,
        "title": "学习贯彻党的二十大精神",
        "place": "党员活动室",
        "attendance": [],
        "agenda": [{"title": "传达学习上级文件精神"}],
    }
    values.update(overrides)
    return values


def correction(
    meeting: dict[str, Any], org: Organization, reason: str = "补录缺席原因", **overrides: Any
) -> dict[str, Any]:
    """An updateMeeting input for a recorded meeting: its fields from meeting_input, then the overrides."""
    values = meeting_input(org, **overrides)
    del values["organizationId"]
    return {"id": meeting["id"], "version": meeting["version"], "reason": reason, **values}


async def mutate(api: Api, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    data = await api.data(MUTATIONS[operation], {"input": input}, token)
    payload: dict[str, Any] = data[operation]
    return payload


async def meeting_rows(build: Builder) -> list[tuple[Any, ...]]:
    """Every row of every meeting table, every column: the proof that a refused mutation wrote nothing."""
    found: list[tuple[Any, ...]] = []
    models = (Meeting, MeetingAttendance, MeetingAgendaItem, MeetingStudy, MeetingAttachment, MeetingRevision)
    async with build.sessions() as session:
        for model in models:
            table: Any = getattr(model, "__table__")  # noqa: B009 - SQLModel's metaclass hides it from mypy
            found += [(model.__name__, *row) for row in await session.execute(select(table).order_by(table.c.id))]
    return found


async def recorded(
    api: Api, build: Builder, input: dict[str, Any], token: str, operation: str = "recordMeeting"
) -> dict[str, Any]:
    """The mutation succeeds and appends exactly one audit record saying OK; returns the meeting."""
    trail = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert payload["errors"] == [], payload
    records = (await build.audit_records())[trail:]
    assert [(r.operation, r.result, r.object_type) for r in records] == [(operation, "OK", "Meeting")]
    meeting: dict[str, Any] = payload["meeting"]
    return meeting


async def refused(
    api: Api,
    build: Builder,
    input: dict[str, Any],
    token: str,
    *,
    code: str,
    field: list[str] | None,
    operation: str = "recordMeeting",
) -> str:
    """Refused with exactly this code and field; no meeting table changed; one audit record carries the
    code. Returns the message."""
    before, trail = await meeting_rows(build), len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["meeting"] is None
    assert await meeting_rows(build) == before
    records = (await build.audit_records())[trail:]
    assert [(r.operation, r.result) for r in records] == [(operation, code)]
    message: str = payload["errors"][0]["message"]
    assert message
    return message


async def elect(build: Builder, org: Organization, member_ids: list[int], held_on: date = date(2024, 1, 5)) -> None:
    """An election of `org`'s committee written as rows: recordElection is tested where it is built."""
    assert org.id is not None
    async with build.sessions() as session, session.begin():
        election = Election(
            organization_id=org.id,
            org_path=org.path,
            held_on=held_on,
            entitled_voters=len(member_ids),
            voters_present=len(member_ids),
            term_years=3,
            term_ends_on=held_on.replace(year=held_on.year + 3),
        )
        session.add(election)
        await session.flush()
        assert election.id is not None
        positions = ["SECRETARY"] + ["MEMBER"] * (len(member_ids) - 1)
        session.add_all(
            ElectionSeat(election_id=election.id, member_id=m, position=p, votes_for=len(member_ids))
            for m, p in zip(member_ids, positions, strict=True)
        )


async def topic(build: Builder, issuer: Organization, issued_on: date = date(2025, 3, 1), title: str = "专题") -> int:
    """A study topic written as a row: issueStudyTopic is tested where it is built."""
    assert issuer.id is not None
    async with build.sessions() as session, session.begin():
        row = StudyTopic(
            issuer_org_id=issuer.id, issuer_path=issuer.path, title=title, issued_on=issued_on, source="中央文件"
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        return row.id
