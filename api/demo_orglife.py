"""Demo organization life: elections and terms, study topics, and months of meetings with attendance, so that
the control center shows compliance, coverage and alerts of every colour. Written through the domain
services, like the rest of the demo (api/demo.py calls `seed_org_life`)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain.members.enums import MemberStatus, SpecialState
from domain.members.models import Member
from domain.orglife import meetings, people, study, terms
from domain.orglife.enums import CommitteePosition, MeetingType
from domain.orglife.meeting_rules import AgendaItem, Attendee, Decision, MeetingFields
from domain.orglife.term_rules import Seat
from domain.orgs.models import Organization, OrgType
from domain.timeutil import add_months

M = MeetingType
_TOPICS = (  # (title, source, issued months ago, due days after issue)
    ("学习贯彻党的二十届四中全会精神", "中共中央关于制定国民经济和社会发展第十五个五年规划的建议", 1, 40),
    ("学习习近平总书记关于能源安全新战略的重要论述", "集团党委〔2026〕12号", 3, 45),
    ("深入贯彻中央八项规定精神学习教育", "中共中央办公厅通知", 6, 60),
    ("学习《中国共产党国有企业基层组织工作条例（试行）》", "集团党委〔2026〕3号", 9, None),
)
_ABSENCE = ("出差", "病假", "值班", "公休", "外出培训")
_POSITIONS = (CommitteePosition.SECRETARY, CommitteePosition.ORGANIZATION, CommitteePosition.PROPAGANDA)
# Some branches' elections: a term overdue, one ending within months, one the upper committee extends
# (its 3 years end in February 2026, moved 11 months on), one recent. The rest keep their first term.
_ELECTIONS = (date(2023, 3, 15), date(2023, 12, 10), date(2023, 2, 20), date(2024, 9, 6))


@dataclass
class _Roll:
    everyone: list[int]
    full: list[int]
    flowing: set[int]


async def _roll(session: AsyncSession, org: Organization) -> _Roll:
    rows = (
        await session.execute(
            select(Member.__table__.c.id, col(Member.status), col(Member.special_state))  # type: ignore[attr-defined]
            .where(people.members_of(org))
            .order_by(col(Member.id))
        )
    ).all()
    return _Roll(
        everyone=[r[0] for r in rows],
        full=[r[0] for r in rows if r[1] == MemberStatus.FULL],
        flowing={r[0] for r in rows if r[2] == SpecialState.FLOWING},
    )


async def _elect(session: AsyncSession, actor: Actor, org: Organization, held_on: date, day: date) -> None:
    roll = await _roll(session, org)
    size = 3 if len(roll.full) >= 7 or org.type is not OrgType.BRANCH else 1
    if len(roll.full) < size:
        return
    present = len(roll.full)
    assert org.id is not None
    await terms.record_election(
        session,
        actor=actor,
        organization_id=org.id,
        held_on=held_on,
        entitled_voters=present,
        voters_present=present,
        seats=[Seat(m, p, present) for m, p in zip(roll.full[:size], _POSITIONS, strict=False)],
        note="差额选举产生新一届委员会",
        today=day,
    )


class _Meetings:
    def __init__(self, session: AsyncSession, actor: Actor, day: date, topics: list[tuple[int, date]]) -> None:
        self.session, self.actor, self.day, self.topics = session, actor, day, topics
        self.rng = random.Random(20261129)

    def _topic(self, held_on: date) -> tuple[int, ...]:
        issued = [t for t, on in self.topics if on <= held_on]
        return (issued[-1],) if issued and self.rng.random() < 0.85 else ()

    def _attendee(self, member_id: int, flowing: set[int]) -> Attendee:
        if member_id in flowing:  # away from the branch for months: the demo's members without org life
            return Attendee(member_id, present=False, absence_reason="流动党员，外出务工")
        if self.rng.random() < 0.88:
            return Attendee(member_id, present=True)
        return Attendee(member_id, present=False, absence_reason=self.rng.choice(_ABSENCE))

    async def hold(
        self, org: Organization, kind: MeetingType, held_on: date, roll: _Roll, due: list[int] | None = None
    ) -> None:
        """A meeting of those due (the whole roll unless given), if its day has come."""
        if held_on > self.day:
            return
        attendance = tuple(self._attendee(m, roll.flowing) for m in (roll.everyone if due is None else due))
        if not attendance:
            return
        present = [a.member_id for a in attendance if a.present] or [attendance[0].member_id]
        agenda = (
            AgendaItem("第一议题：学习上级精神", self._topic(held_on)),
            AgendaItem(_AGENDA[kind]),
        )
        decisions = (Decision("同意本次会议议题的安排"),)
        assert org.id is not None
        await meetings.record_meeting(
            self.session,
            actor=self.actor,
            organization_id=org.id,
            fields=MeetingFields(
                type=kind,
                held_on=held_on,
                agenda=agenda,
                title=_AGENDA[kind],
                place="党员活动室",
                host_id=present[0],
                recorder_id=present[-1],
                lecturer_name="支部书记" if kind is M.PARTY_LECTURE else None,
                attendance=attendance,
                decisions=decisions,
                combined_evaluation=kind is M.ORG_LIFE_MEETING,
            ),
            today=self.day,
        )


_AGENDA = {
    M.BRANCH_GENERAL_MEETING: "通报支部工作，讨论季度重点任务",
    M.BRANCH_COMMITTEE_MEETING: "研究本月支部工作安排",
    M.GROUP_MEETING: "党小组学习交流",
    M.PARTY_LECTURE: "书记讲党课：以高质量党建引领企业发展",
    M.THEME_PARTY_DAY: "主题党日：重温入党誓词",
    M.ORG_LIFE_MEETING: "年度组织生活会暨民主评议党员",
    M.DEMOCRATIC_EVALUATION: "民主评议党员",
    M.COMMITTEE_MEETING: "党委会：研究“三重一大”事项",
}


async def _topics(session: AsyncSession, keeper: Actor, root: Organization, day: date) -> list[tuple[int, date]]:
    """The group committee's study topics, oldest first: one overdue, one due within days, one open-ended."""
    assert root.id is not None
    issued = []
    for title, source, months_ago, due_days in reversed(_TOPICS):
        on = add_months(day, -months_ago)
        topic = await study.issue_study_topic(
            session,
            actor=keeper,
            issuer_org_id=root.id,
            title=title,
            source=source,
            issued_on=on,
            due_on=on + timedelta(days=due_days) if due_days else None,
            today=day,
        )
        assert topic.id is not None
        issued.append((topic.id, on))
    return issued


async def _terms(
    session: AsyncSession,
    *,
    keeper: Actor,
    approver: Actor,
    committees: list[Organization],
    branches: list[Organization],
    day: date,
) -> None:
    """Every org elected on the day the tree was set up, but for a few branches elected at other times: one
    term overdue, one ending within months, one extended by the upper committee, one recent."""
    others = dict(zip((b.id for b in branches[1::9]), _ELECTIONS, strict=False))
    for org in [*committees, *branches]:
        await _elect(session, keeper, org, others.get(org.id, date(2024, 6, 28)), day)
    extended = branches[1::9][2]
    assert extended.id is not None and extended.term_started_on is not None
    await terms.adjust_term(
        session,
        actor=approver,
        organization_id=extended.id,
        new_ends_on=add_months(extended.term_started_on, 36 + 11),
        approval_note="集团党委组织部批复：因企业重组，同意延期换届",
        today=day,
    )


async def _branch_meetings(
    writer: _Meetings, branch: Organization, groups: list[Organization], months: list[date]
) -> None:
    roll = await _roll(writer.session, branch)
    committee = [s.member_id for s in await people.current_committee(writer.session, branch.id or 0)]
    group_rolls = [(group, await _roll(writer.session, group)) for group in groups]
    for year in (months[-1].year - 1, months[-1].year):  # last year's, and this year's in January
        await writer.hold(branch, M.ORG_LIFE_MEETING, date(year, 1, 20), roll)
    for month in months:
        if writer.rng.random() >= 0.05:  # now and then a month is missed: red and yellow alerts
            await writer.hold(branch, M.THEME_PARTY_DAY, month + timedelta(days=writer.rng.randint(0, 20)), roll)
            if len(roll.full) >= 7 and committee:
                await writer.hold(branch, M.BRANCH_COMMITTEE_MEETING, month + timedelta(days=2), roll, committee)
        if month.month in (1, 4, 7, 10) or month == months[0]:
            await writer.hold(branch, M.BRANCH_GENERAL_MEETING, month + timedelta(days=14), roll)
            await writer.hold(branch, M.PARTY_LECTURE, month + timedelta(days=18), roll)
        for group, group_roll in group_rolls:
            if group_roll.everyone and writer.rng.random() < 0.92:
                await writer.hold(group, M.GROUP_MEETING, month + timedelta(days=6), group_roll)


async def seed_org_life(
    session: AsyncSession,
    *,
    keeper: Actor,
    approver: Actor,
    root: Organization,
    seconds: list[Organization],
    branch_groups: list[tuple[Organization, list[Organization]]],
    day: date,
) -> None:
    """Keeper: the group's ORG_ADMIN, who records; approver: the group committee's secretary."""
    committees = [root, *seconds]
    writer = _Meetings(session, keeper, day, await _topics(session, keeper, root, day))
    branches = [b for b, _ in branch_groups]
    await _terms(session, keeper=keeper, approver=approver, committees=committees, branches=branches, day=day)
    months = [add_months(date(day.year, day.month, 1), -k) for k in range(4, -1, -1)]
    for org in committees:
        roll = await _roll(session, org)
        committee = [s.member_id for s in await people.current_committee(session, org.id or 0)]
        # A general branch's committee meets as a 总支委员会, recorded under the branch committee type.
        kind = M.COMMITTEE_MEETING if org.type is OrgType.COMMITTEE else M.BRANCH_COMMITTEE_MEETING
        for year in (day.year - 1, day.year):  # the secretary's yearly lecture
            await writer.hold(org, M.PARTY_LECTURE, date(year, 7, 1), roll, committee)
        for month in months:
            if committee and writer.rng.random() < 0.95:
                await writer.hold(org, kind, month + timedelta(days=9), roll, committee)
    for branch, groups in branch_groups:
        await _branch_meetings(writer, branch, groups, months)
