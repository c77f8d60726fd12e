"""What the study-topic tests share: a hand-built tree, topics and studies written straight through the
models (the meeting mutations are tested on their own), and the topic mutation as a client sends it."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlmodel import col

from authz.roles import Role
from domain.accounts.models import User
from domain.orglife.enums import MeetingType
from domain.orglife.models import Meeting, MeetingAgendaItem, MeetingStudy, StudyTopic
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder
from tests.members_support import Ledger, ledger

TOPIC_FIELDS = "id title source issuedOn dueOn issuerName issuer { id name }"
ISSUE = f"""mutation($input: IssueStudyTopicInput!) {{ issueStudyTopic(input: $input) {{
  topic {{ {TOPIC_FIELDS} }} errors {{ field message code }} }} }}"""
MEETING_TYPES = {
    OrgType.COMMITTEE: MeetingType.COMMITTEE_MEETING,
    OrgType.GENERAL_BRANCH: MeetingType.BRANCH_COMMITTEE_MEETING,
    OrgType.BRANCH: MeetingType.BRANCH_COMMITTEE_MEETING,
    OrgType.GROUP: MeetingType.GROUP_MEETING,
}


@dataclass
class StudyTree:
    """The ledger's tree (集团党委 > 第一党支部 > 第一党小组, 第二党支部; 外单位党委 > 外单位支部) and, under
    集团党委: 机关党总支 > 机关一支部, 机关二支部; 二级党委 > 二级支部; 撤销支部 (dissolved). A SECRETARY of
    第二党支部 and an ORG_ADMIN of 二级党委 besides the ledger's people."""

    book: Ledger
    general: Organization
    general_one: Organization
    general_two: Organization
    sub: Organization
    sub_branch: Organization
    dissolved: Organization
    secretary2: User
    sub_admin: User

    @property
    def build(self) -> Builder:
        return self.book.build

    def token(self, who: str) -> str:
        """The token of a user of this tree or of the ledger, by attribute name (secretary2, org_admin, ...)."""
        user = getattr(self, who) if who in ("secretary2", "sub_admin") else getattr(self.book, who)
        return self.book.token(user)


async def study_tree(build: Builder) -> StudyTree:
    book = await ledger(build)
    general = await build.org("机关党总支", OrgType.GENERAL_BRANCH, parent=book.root)
    sub = await build.org("二级党委", OrgType.COMMITTEE, parent=book.root)
    dissolved = await dissolve(build, await build.org("撤销支部", OrgType.BRANCH, parent=book.root))
    return StudyTree(
        book=book,
        general=general,
        general_one=await build.org("机关一支部", OrgType.BRANCH, parent=general),
        general_two=await build.org("机关二支部", OrgType.BRANCH, parent=general),
        sub=sub,
        sub_branch=await build.org("二级支部", OrgType.BRANCH, parent=sub),
        dissolved=dissolved,
        secretary2=await build.user("secretary2", grants=[(Role.SECRETARY, book.branch2, True)]),
        sub_admin=await build.user("sub.admin", grants=[(Role.ORG_ADMIN, sub, True)]),
    )


async def dissolve(build: Builder, org: Organization) -> Organization:
    """Dissolved directly: dissolveOrg is tested with the tree."""
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(Organization).where(col(Organization.id) == org.id).values(dissolved_on=date(2025, 6, 30))
        )
    return org


async def topic(build: Builder, issuer: Organization, title: str, issued_on: date, due_on: date | None = None) -> int:
    assert issuer.id is not None
    async with build.sessions() as session, session.begin():
        row = StudyTopic(
            issuer_org_id=issuer.id, issuer_path=issuer.path, title=title, issued_on=issued_on, due_on=due_on
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        return row.id


async def studied(build: Builder, org: Organization, topic_id: int, held_on: date) -> int:
    """A meeting of `org` on `held_on` whose first agenda item studies the topic; returns the meeting's id."""
    assert org.id is not None
    async with build.sessions() as session, session.begin():
        meeting = Meeting(
            organization_id=org.id,
            org_path=org.path,
            type=MEETING_TYPES[org.type],
            held_on=held_on,
            month_index=held_on.year * 12 + held_on.month - 1,
        )
        session.add(meeting)
        await session.flush()
        assert meeting.id is not None
        session.add(MeetingAgendaItem(meeting_id=meeting.id, position=1, title="学习专题"))
        session.add(
            MeetingStudy(
                meeting_id=meeting.id, topic_id=topic_id, organization_id=org.id, org_path=org.path, held_on=held_on
            )
        )
        return meeting.id


async def topic_rows(build: Builder) -> list[tuple[Any, ...]]:
    """Every topic row, every column: the proof that a refused mutation wrote nothing."""
    async with build.sessions() as session:
        table: Any = getattr(StudyTopic, "__table__")  # noqa: B009 - SQLModel's metaclass hides it from mypy
        return [tuple(row) for row in await session.execute(select(table).order_by(table.c.id))]


async def issue(api: Api, input: dict[str, Any], token: str) -> dict[str, Any]:
    payload: dict[str, Any] = (await api.data(ISSUE, {"input": input}, token))["issueStudyTopic"]
    return payload
