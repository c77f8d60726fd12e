"""Correcting a meeting record: the whole record is replaced, the version it replaces is kept with the reason,
and a correction made from a stale read is refused."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlmodel import col

from domain.orglife.models import MeetingAttendance, MeetingStudy
from domain.orgs.models import Organization
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger
from tests.orglife_support import CHECKSUM, correction, meeting_input, recorded, refused, topic


async def test_a_correction_replaces_the_record_and_keeps_the_history(api: Api, build: Builder) -> None:
    book = await ledger(build)
    a, b = gid("Member", (await book.add("甲", "101")).id), gid("Member", (await book.add("乙", "103")).id)
    first, second = await topic(build, book.root, title="专题一"), await topic(build, book.root, title="专题二")
    token = book.token(book.secretary)
    original = meeting_input(
        book.branch,
        hostId=a,
        attendance=[{"memberId": a, "present": True}, {"memberId": b, "present": False}],
        agenda=[{"title": "学习", "studyTopicIds": [gid("StudyTopic", first)]}],
        attachments=[{"name": "记录.pdf", "size": 10, "checksum": CHECKSUM}],
    )
    meeting = await recorded(api, build, original, token)
    fixed = correction(
        meeting,
        book.branch,
        reason="补记缺席原因，更正日期",
        heldOn="2025-06-12",
        hostId=b,
        attendance=[{"memberId": a, "present": True}, {"memberId": b, "present": False, "absenceReason": "病假"}],
        agenda=[{"title": "学习", "studyTopicIds": [gid("StudyTopic", second)]}, {"title": "其他"}],
    )
    updated = await recorded(api, build, fixed, book.token(book.org_admin), operation="updateMeeting")
    assert (updated["id"], updated["version"], updated["heldOn"], updated["host"]["name"]) == (
        meeting["id"],
        2,
        "2025-06-12",
        "乙",
    )
    assert [x["absenceReason"] for x in updated["attendance"]] == [None, "病假"]
    assert [[t["title"] for t in item["studyTopics"]] for item in updated["agenda"]] == [["专题二"], []]
    assert updated["attachments"] == []
    [revision] = updated["revisions"]
    assert (revision["version"], revision["reason"], revision["changedBy"]) == (
        1,
        "补记缺席原因，更正日期",
        {"username": "org.admin"},
    )
    snapshot = revision["snapshot"]
    assert (snapshot["heldOn"], snapshot["hostId"], snapshot["dueCount"], snapshot["presentCount"]) == (
        "2025-06-10",
        a,
        2,
        1,
    )
    assert snapshot["attendance"] == [
        {"memberId": a, "present": True, "absenceReason": None},
        {"memberId": b, "present": False, "absenceReason": None},
    ]
    assert snapshot["agenda"] == [{"title": "学习", "studyTopicIds": [gid("StudyTopic", first)]}]
    assert snapshot["attachments"] == [{"name": "记录.pdf", "size": 10, "checksum": CHECKSUM, "contentType": None}]
    # The copies kept for reads follow the correction: the study moved to the other topic and the new date.
    async with build.sessions() as session:
        studies = (await session.execute(select(MeetingStudy))).scalars().all()
        attendance = (await session.execute(select(MeetingAttendance))).scalars().all()
    assert [(s.topic_id, s.held_on) for s in studies] == [(second, date(2025, 6, 12))]
    assert {r.held_on for r in attendance} == {date(2025, 6, 12)} and len(attendance) == 2
    # The trail says what changed, and only that.
    changes = (await build.audit_records())[-1].changes
    assert changes is not None
    assert set(changes) == {"held_on", "host_id", "attendance", "agenda", "attachments", "version", "reason"}
    assert changes["held_on"] == {"from": "2025-06-10", "to": "2025-06-12"}
    assert changes["version"] == {"from": 1, "to": 2}
    # The secretary read version 1: correcting from it now is refused, and nothing changes.
    stale = correction(meeting, book.branch, reason="又改")
    await refused(api, build, stale, token, code="STALE_VERSION", field=["version"], operation="updateMeeting")
    again = await recorded(
        api, build, correction(updated, book.branch, reason="再次更正"), token, operation="updateMeeting"
    )
    assert [r["version"] for r in again["revisions"]] == [1, 2]
    # The secretary sees her own account, not the committee's ORG_ADMIN's (held above her scope).
    assert [r["changedBy"] for r in again["revisions"]] == [None, {"username": "secretary"}]


UPDATE_CASES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]], str, list[str] | None]] = {
    "a stale version": ("org_admin", lambda m: {"version": m["version"] - 1}, "STALE_VERSION", ["version"]),
    "no such meeting": ("org_admin", lambda m: {"id": gid("Meeting", 999999)}, "NOT_FOUND", ["id"]),
    "an ID of the wrong type": ("org_admin", lambda m: {"id": m["organization"]["id"]}, "INVALID_ID", ["id"]),
    "a blank reason": ("org_admin", lambda m: {"reason": " "}, "INVALID_TEXT", ["reason"]),
    "an outsider": ("outsider", lambda m: {}, "NOT_FOUND", ["id"]),
    "an auditor": ("auditor", lambda m: {}, "FORBIDDEN", None),
    "a member without organization-life rights": ("member_user", lambda m: {}, "NOT_FOUND", ["id"]),
    "a rule of the record itself": ("org_admin", lambda m: {"agenda": []}, "AGENDA_REQUIRED", ["agenda"]),
}


@pytest.mark.parametrize("case", list(UPDATE_CASES))
async def test_a_refused_correction_has_its_code_and_field_and_writes_nothing(
    api: Api, build: Builder, case: str
) -> None:
    book = await ledger(build)
    meeting = await recorded(api, build, meeting_input(book.branch), book.token(book.org_admin))
    who, change, code, field = UPDATE_CASES[case]
    input = {**correction(meeting, book.branch), **change(meeting)}
    await refused(api, build, input, book.token(getattr(book, who)), code=code, field=field, operation="updateMeeting")


async def test_a_correction_of_a_meeting_of_a_dissolved_org_is_refused(api: Api, build: Builder) -> None:
    book = await ledger(build)
    meeting = await recorded(api, build, meeting_input(book.branch2), book.token(book.org_admin))
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization).where(col(Organization.id) == book.branch2.id).values(dissolved_on=date(2025, 7, 1))
        )
    input = correction(meeting, book.branch2)
    token = book.token(book.org_admin)
    await refused(api, build, input, token, code="ORG_DISSOLVED", field=["id"], operation="updateMeeting")
