"""Recording a meeting: the whole record as a client reads it back, and who is due by default."""

from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlmodel import col

from api.ids import parse_global_id
from domain.members.enums import MemberStatus, SpecialState
from domain.members.models import Member
from domain.orglife.models import MeetingAttendance, MeetingStudy
from domain.orgs.models import OrgType
from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger
from tests.orglife_support import CHECKSUM, MEETING, elect, meeting_input, mutate, recorded, topic


async def test_a_branch_records_a_meeting_and_reads_it_back_whole(api: Api, build: Builder) -> None:
    book = await ledger(build)
    a, b = await book.add("甲", "101"), await book.add("乙", "103")
    probationary = await book.add("丙", "105", status=MemberStatus.PROBATIONARY, converted_on=None)
    d = await book.add("丁", "107")
    studied = await topic(build, book.root, title="二十大精神")
    members = {m.name: gid("Member", m.id) for m in (a, b, probationary, d)}
    input = meeting_input(
        book.branch,
        title="  三季度党员大会  ",
        hostId=members["甲"],
        recorderId=members["乙"],
        attendance=[
            {"memberId": members["甲"], "present": True, "absenceReason": "出席时忽略"},
            {"memberId": members["乙"], "present": True},
            {"memberId": members["丁"], "present": False, "absenceReason": "出差"},
        ],
        agenda=[
            {"title": "第一议题：学习二十大精神", "studyTopicIds": [gid("StudyTopic", studied)] * 2},
            {"title": "讨论发展对象"},
        ],
        decisions=[
            {"text": "同意接收为预备党员", "votesFor": 2, "votesAgainst": 0, "abstentions": 0},
            {"text": "下次会议安排在九月"},
        ],
        attachments=[{"name": "会议记录.pdf", "size": 2048, "checksum": CHECKSUM, "contentType": "application/pdf"}],
    )
    meeting = await recorded(api, build, input, book.token(book.secretary))
    assert meeting["organization"]["name"] == "第一党支部"
    assert (meeting["type"], meeting["heldOn"], meeting["title"], meeting["place"]) == (
        "BRANCH_GENERAL_MEETING",
        "2025-06-10",
        "三季度党员大会",
        "党员活动室",
    )
    assert (meeting["host"]["name"], meeting["recorder"]["name"], meeting["lecturer"]) == ("甲", "乙", None)
    # Those named first, in their order; 丙, due as a member of the branch but not named, absent without a reason.
    assert [(x["member"]["name"], x["present"], x["absenceReason"]) for x in meeting["attendance"]] == [
        ("甲", True, None),
        ("乙", True, None),
        ("丁", False, "出差"),
        ("丙", False, None),
    ]
    assert (meeting["dueCount"], meeting["presentCount"], meeting["attendanceRate"]) == (4, 2, 50.0)
    assert meeting["agenda"] == [
        {
            "position": 1,
            "title": "第一议题：学习二十大精神",
            "studyTopics": [{"id": gid("StudyTopic", studied), "title": "二十大精神"}],
        },
        {"position": 2, "title": "讨论发展对象", "studyTopics": []},
    ]
    # 丙 is probationary: 3 entitled voters, of whom 2 present; 2 yes-votes are more than half of 3.
    assert meeting["decisions"] == [
        {
            "text": "同意接收为预备党员",
            "votesFor": 2,
            "votesAgainst": 0,
            "abstentions": 0,
            "entitled": 3,
            "passed": True,
        },
        {
            "text": "下次会议安排在九月",
            "votesFor": None,
            "votesAgainst": None,
            "abstentions": None,
            "entitled": None,
            "passed": None,
        },
    ]
    assert meeting["attachments"] == [
        {"name": "会议记录.pdf", "size": 2048, "checksum": CHECKSUM, "contentType": "application/pdf"}
    ]
    assert (meeting["version"], meeting["revisions"], meeting["combinedEvaluation"]) == (1, [], False)
    async with build.sessions() as session:
        studies = (await session.execute(select(MeetingStudy))).scalars().all()
        days = (await session.execute(select(col(MeetingAttendance.held_on)))).scalars().all()
    assert [(s.topic_id, s.organization_id, s.org_path, s.held_on) for s in studies] == [
        (studied, book.branch.id, book.branch.path, date(2025, 6, 10))
    ]
    assert days == [date(2025, 6, 10)] * 4
    record = (await build.audit_records())[-1]
    assert (record.object_id, record.org_id, record.org_path) == (
        (parse_global_id(meeting["id"]) or ("", 0))[1],
        book.branch.id,
        book.branch.path,
    )
    assert record.changes is not None
    assert record.changes["due_count"] == 4 and record.changes["agenda"][0]["study_topic_ids"] == [studied]
    data = await api.data(MEETING, {"id": meeting["id"]}, book.token(book.org_admin))
    assert data["meeting"] == meeting
    node = await api.data(
        "query($id: ID!) { node(id: $id) { id ... on Meeting { title } } }",
        {"id": meeting["id"]},
        book.token(book.auditor),
    )
    assert node["node"] == {"id": meeting["id"], "title": "三季度党员大会"}


async def _due(api: Api, token: str, input: dict[str, Any]) -> list[tuple[str, bool]]:
    payload = await mutate(api, "recordMeeting", input, token)
    assert payload["errors"] == [], payload
    return [(x["member"]["name"], x["present"]) for x in payload["meeting"]["attendance"]]


async def test_who_is_due_by_default(api: Api, build: Builder) -> None:
    book = await ledger(build)
    token = book.token(book.org_admin)
    a = await book.add("甲", "101")
    b = await book.add("乙", "103", group=book.group)
    c = await book.add("丙", "105", group=book.group)
    await book.add("停", "107", special_state=SpecialState.SUSPENDED)  # 停止党籍: no organization life
    await book.add("二支", "109", org=book.branch2)
    named = [{"memberId": gid("Member", a.id), "present": True}]
    # A branch: its whole roll, group members included.
    assert await _due(api, token, meeting_input(book.branch, attendance=named)) == [
        ("甲", True),
        ("乙", False),
        ("丙", False),
    ]
    # A group: its own members only.
    assert await _due(api, token, meeting_input(book.group)) == [("乙", False), ("丙", False)]
    # A branch committee meeting: the committee of the latest election, not the roll.
    assert await _due(api, token, meeting_input(book.branch, type="BRANCH_COMMITTEE_MEETING")) == []
    await elect(build, book.branch, [a.id, b.id], held_on=date(2023, 1, 1))  # type: ignore[list-item]
    await elect(build, book.branch, [b.id, c.id], held_on=date(2024, 1, 1))  # type: ignore[list-item]
    assert await _due(api, token, meeting_input(book.branch, type="BRANCH_COMMITTEE_MEETING")) == [
        ("乙", False),
        ("丙", False),
    ]
    # Anyone on the roll who is named is due too.
    assert await _due(api, token, meeting_input(book.branch, type="BRANCH_COMMITTEE_MEETING", attendance=named)) == [
        ("甲", True),
        ("乙", False),
        ("丙", False),
    ]
    # A committee: its committee for 党委会; for its other meetings only those it names, from its whole subtree.
    root_member = await book.add("二支委员", "111", org=book.branch2)
    await elect(build, book.root, [root_member.id, a.id])  # type: ignore[list-item]
    assert await _due(api, token, meeting_input(book.root)) == [("二支委员", False), ("甲", False)]
    lecture = meeting_input(book.root, type="PARTY_LECTURE", lecturerName="外请专家", attendance=named)
    assert await _due(api, token, lecture) == [("甲", True)]


async def test_a_committee_member_who_left_the_roll_is_no_longer_due(api: Api, build: Builder) -> None:
    book = await ledger(build)
    a, b = await book.add("甲", "101"), await book.add("乙", "103")
    await elect(build, book.branch, [a.id, b.id])  # type: ignore[list-item]
    general = await build.org("党总支", OrgType.GENERAL_BRANCH, parent=book.root)
    # 乙 moved to another branch since the election: the branch's committee meeting no longer expects him.
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Member)
            .where(col(Member.id) == b.id)
            .values(organization_id=book.branch2.id, org_path=book.branch2.path)
        )
    token = book.token(book.org_admin)
    assert await _due(api, token, meeting_input(book.branch, type="BRANCH_COMMITTEE_MEETING")) == [("甲", False)]
    # A general branch's members' meeting: only those named.
    assert await _due(api, token, meeting_input(general)) == []


async def test_a_lecture_with_a_lecturer_from_anywhere_in_the_ledger(api: Api, build: Builder) -> None:
    book = await ledger(build)
    speaker = await book.add("讲师", "101", org=book.branch2)
    input = meeting_input(book.branch, type="PARTY_LECTURE", lecturerId=gid("Member", speaker.id), lecturerName=None)
    meeting = await recorded(api, build, input, book.token(book.org_admin))
    assert (meeting["lecturer"]["name"], meeting["lecturerName"]) == ("讲师", None)
    # The branch secretary may not read the other branch's member: the lecturer shows as null, not an error.
    data = await api.data(MEETING, {"id": meeting["id"]}, book.token(book.secretary))
    assert data["meeting"]["lecturer"] is None and data["meeting"]["type"] == "PARTY_LECTURE"
