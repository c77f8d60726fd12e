"""Every refusal of recordMeeting through the endpoint: its exact code and field, nothing written, and one
audit record carrying the code. The refusals of a correction are with the corrections."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col

from domain.members.enums import MemberStatus
from domain.orgs.models import Organization, OrgType
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger
from tests.orglife_support import CHECKSUM, meeting_input, refused, topic


@dataclass
class Scene:
    book: Ledger
    young: Organization  # a branch established on 2025-06-11, the day after HELD_ON
    dissolved: Organization
    members: dict[str, str]  # name -> global ID
    topics: dict[str, str]  # what the topic is -> global ID


async def scene(build: Builder) -> Scene:
    book = await ledger(build)
    young = await build.org("新建支部", OrgType.BRANCH, parent=book.root, established_on=date(2025, 6, 11))
    dissolved = await build.org("已撤销支部", OrgType.BRANCH, parent=book.root)
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization).where(col(Organization.id) == dissolved.id).values(dissolved_on=date(2025, 1, 1))
        )
    people = {
        "甲": await book.add("甲", "101"),
        "乙": await book.add("乙", "103"),
        "预备": await book.add("预备", "105", status=MemberStatus.PROBATIONARY, converted_on=None),
        "二支": await book.add("二支", "107", org=book.branch2),
    }
    outside = await build.get_org(book.other_branch.parent_id)
    topics = {
        "root": await topic(build, book.root),
        "outside": await topic(build, outside),
        "later": await topic(build, book.root, issued_on=date(2025, 6, 11)),
    }
    return Scene(
        book=book,
        young=young,
        dissolved=dissolved,
        members={k: gid("Member", m.id) for k, m in people.items()},
        topics={k: gid("StudyTopic", t) for k, t in topics.items()},
    )


Make = Callable[[Scene], dict[str, Any]]


def on_branch(build: Callable[[Scene], dict[str, Any]]) -> Make:
    return lambda s: meeting_input(s.book.branch, **build(s))


def present(s: Scene, *names: str) -> list[dict[str, Any]]:
    return [{"memberId": s.members[n], "present": True} for n in names]


VOTE = {"text": "表决事项", "votesFor": 1, "votesAgainst": 0, "abstentions": 0}
LONG = "长" * 201
# name: (who, input, code, field)
CASES: dict[str, tuple[str, Make, str, list[str] | None]] = {
    "no such org": (
        "org_admin",
        lambda s: meeting_input(s.book.branch, organizationId=gid("Organization", 999999)),
        "NOT_FOUND",
        ["organizationId"],
    ),
    "an org of another tree": (
        "org_admin",
        lambda s: meeting_input(s.book.other_branch),
        "NOT_FOUND",
        ["organizationId"],
    ),
    "a sibling branch's secretary": (
        "secretary",
        lambda s: meeting_input(s.book.branch2),
        "NOT_FOUND",
        ["organizationId"],
    ),
    "an auditor": ("auditor", lambda s: meeting_input(s.book.branch), "FORBIDDEN", None),
    "an org ID of the wrong type": (
        "org_admin",
        lambda s: meeting_input(s.book.branch, organizationId=s.members["甲"]),
        "INVALID_ID",
        ["organizationId"],
    ),
    "a dissolved org": ("org_admin", lambda s: meeting_input(s.dissolved), "ORG_DISSOLVED", ["organizationId"]),
    "a group meeting in a branch": (
        "org_admin",
        on_branch(lambda s: {"type": "GROUP_MEETING"}),
        "MEETING_TYPE_NOT_ALLOWED",
        ["type"],
    ),
    "tomorrow": (
        "org_admin",
        on_branch(lambda s: {"heldOn": (today() + timedelta(days=1)).isoformat()}),
        "DATE_IN_FUTURE",
        ["heldOn"],
    ),
    "before the org was established": (
        "org_admin",
        lambda s: meeting_input(s.young),
        "DATE_BEFORE_ESTABLISHED",
        ["heldOn"],
    ),
    "no agenda": ("org_admin", on_branch(lambda s: {"agenda": []}), "AGENDA_REQUIRED", ["agenda"]),
    "a blank agenda item": (
        "org_admin",
        on_branch(lambda s: {"agenda": [{"title": "议程"}, {"title": "  "}]}),
        "INVALID_TEXT",
        ["agenda", "1", "title"],
    ),
    "a title too long": ("org_admin", on_branch(lambda s: {"title": LONG}), "INVALID_TEXT", ["title"]),
    "a control character in the place": (
        "org_admin",
        on_branch(lambda s: {"place": "会议室\x07"}),
        "INVALID_TEXT",
        ["place"],
    ),
    "a blank decision": (
        "org_admin",
        on_branch(lambda s: {"decisions": [{"text": " "}]}),
        "INVALID_TEXT",
        ["decisions", "0", "text"],
    ),
    "an absence reason too long": (
        "org_admin",
        on_branch(lambda s: {"attendance": [{"memberId": s.members["甲"], "present": False, "absenceReason": LONG}]}),
        "INVALID_TEXT",
        ["attendance", "0", "absenceReason"],
    ),
    "a lecturer's name too long": (
        "org_admin",
        on_branch(lambda s: {"type": "PARTY_LECTURE", "lecturerName": "名" * 51}),
        "INVALID_TEXT",
        ["lecturerName"],
    ),
    "a topic on the second item": (
        "org_admin",
        on_branch(lambda s: {"agenda": [{"title": "一"}, {"title": "二", "studyTopicIds": [s.topics["root"]]}]}),
        "STUDY_TOPIC_NOT_FIRST_ITEM",
        ["agenda", "1", "studyTopicIds"],
    ),
    "a topic of another tree": (
        "org_admin",
        on_branch(lambda s: {"agenda": [{"title": "一", "studyTopicIds": [s.topics["root"], s.topics["outside"]]}]}),
        "TOPIC_NOT_ISSUED_TO_ORG",
        ["agenda", "0", "studyTopicIds"],
    ),
    "a topic that does not exist": (
        "org_admin",
        on_branch(lambda s: {"agenda": [{"title": "一", "studyTopicIds": [gid("StudyTopic", 999999)]}]}),
        "NOT_FOUND",
        ["agenda", "0", "studyTopicIds"],
    ),
    "a topic ID of the wrong type": (
        "org_admin",
        on_branch(lambda s: {"agenda": [{"title": "一", "studyTopicIds": [s.members["甲"]]}]}),
        "INVALID_ID",
        ["agenda", "0", "studyTopicIds"],
    ),
    "a topic studied before it was issued": (
        "org_admin",
        on_branch(lambda s: {"agenda": [{"title": "一", "studyTopicIds": [s.topics["later"]]}]}),
        "STUDIED_BEFORE_ISSUED",
        ["agenda", "0", "studyTopicIds"],
    ),
    "a lecture without a lecturer": (
        "org_admin",
        on_branch(lambda s: {"type": "PARTY_LECTURE", "lecturerName": "  "}),
        "LECTURER_REQUIRED",
        ["lecturerId"],
    ),
    "a lecturer who is not in the ledger": (
        "org_admin",
        on_branch(lambda s: {"type": "PARTY_LECTURE", "lecturerId": gid("Member", 999999)}),
        "NOT_FOUND",
        ["lecturerId"],
    ),
    "an evaluation combined with a general meeting": (
        "org_admin",
        on_branch(lambda s: {"combinedEvaluation": True}),
        "INVALID_INPUT",
        ["combinedEvaluation"],
    ),
    "an attachment without a name": (
        "org_admin",
        on_branch(lambda s: {"attachments": [{"name": " ", "size": 1, "checksum": CHECKSUM}]}),
        "INVALID_ATTACHMENT",
        ["attachments", "0", "name"],
    ),
    "an attachment of negative size": (
        "org_admin",
        on_branch(lambda s: {"attachments": [{"name": "a.pdf", "size": -1, "checksum": CHECKSUM}]}),
        "INVALID_ATTACHMENT",
        ["attachments", "0", "size"],
    ),
    "an upper-case checksum": (
        "org_admin",
        on_branch(lambda s: {"attachments": [{"name": "a.pdf", "size": 0, "checksum": "A" * 64}]}),
        "INVALID_ATTACHMENT",
        ["attachments", "0", "checksum"],
    ),
    "a checksum one digit short": (
        "org_admin",
        on_branch(lambda s: {"attachments": [{"name": "a.pdf", "size": 0, "checksum": "a" * 63}]}),
        "INVALID_ATTACHMENT",
        ["attachments", "0", "checksum"],
    ),
    "an attendee of another branch": (
        "org_admin",
        on_branch(lambda s: {"attendance": present(s, "甲", "二支")}),
        "NOT_A_MEMBER_OF_ORG",
        ["attendance", "1", "memberId"],
    ),
    "an attendee of the branch at its group's meeting": (
        "org_admin",
        lambda s: meeting_input(s.book.group, attendance=present(s, "甲")),
        "NOT_A_MEMBER_OF_ORG",
        ["attendance", "0", "memberId"],
    ),
    "an attendee ID of the wrong type": (
        "org_admin",
        on_branch(lambda s: {"attendance": [{"memberId": s.topics["root"], "present": True}]}),
        "INVALID_ID",
        ["attendance", "0", "memberId"],
    ),
    "a host of another branch": (
        "org_admin",
        on_branch(lambda s: {"hostId": s.members["二支"]}),
        "NOT_A_MEMBER_OF_ORG",
        ["hostId"],
    ),
    "a recorder of another branch": (
        "org_admin",
        on_branch(lambda s: {"recorderId": s.members["二支"]}),
        "NOT_A_MEMBER_OF_ORG",
        ["recorderId"],
    ),
    "an attendee named twice": (
        "org_admin",
        on_branch(lambda s: {"attendance": present(s, "甲", "乙", "甲")}),
        "DUPLICATE_ATTENDEE",
        ["attendance", "2", "memberId"],
    ),
    # 甲 and 乙 are the entitled voters; the probationary member's presence does not make a quorum.
    "a vote without a quorum": (
        "org_admin",
        on_branch(lambda s: {"attendance": present(s, "甲", "预备"), "decisions": [VOTE]}),
        "QUORUM_NOT_MET",
        ["decisions"],
    ),
    "more votes than voters present": (
        "org_admin",
        on_branch(
            lambda s: {
                "attendance": present(s, "甲", "乙"),
                "decisions": [{**VOTE, "votesAgainst": 1, "abstentions": 1}],
            }
        ),
        "INVALID_VOTE_COUNTS",
        ["decisions", "0"],
    ),
    "a vote with a count left out": (
        "org_admin",
        on_branch(lambda s: {"attendance": present(s, "甲", "乙"), "decisions": [{"text": "表决", "votesFor": 2}]}),
        "INVALID_VOTE_COUNTS",
        ["decisions", "0"],
    ),
    "a negative count": (
        "org_admin",
        on_branch(lambda s: {"attendance": present(s, "甲", "乙"), "decisions": [{**VOTE, "votesAgainst": -1}]}),
        "INVALID_VOTE_COUNTS",
        ["decisions", "0"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_refused_record_has_its_code_and_field_and_writes_nothing(api: Api, build: Builder, case: str) -> None:
    s = await scene(build)
    who, make, code, field = CASES[case]
    await refused(api, build, make(s), s.book.token(getattr(s.book, who)), code=code, field=field)
