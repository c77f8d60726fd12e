"""Organization life (组织生活, 三会一课): meeting types, periods, committee positions (DOMAIN.md)."""

from enum import StrEnum

from domain.orgs.models import OrgType


class MeetingType(StrEnum):
    BRANCH_GENERAL_MEETING = "BRANCH_GENERAL_MEETING"  # 支部党员大会
    BRANCH_COMMITTEE_MEETING = "BRANCH_COMMITTEE_MEETING"  # 支委会
    GROUP_MEETING = "GROUP_MEETING"  # 党小组会
    PARTY_LECTURE = "PARTY_LECTURE"  # 党课
    THEME_PARTY_DAY = "THEME_PARTY_DAY"  # 主题党日
    ORG_LIFE_MEETING = "ORG_LIFE_MEETING"  # 组织生活会
    DEMOCRATIC_EVALUATION = "DEMOCRATIC_EVALUATION"  # 民主评议党员
    COMMITTEE_MEETING = "COMMITTEE_MEETING"  # 党委会


MEETING_TYPE_LABELS = {
    MeetingType.BRANCH_GENERAL_MEETING: "支部党员大会",
    MeetingType.BRANCH_COMMITTEE_MEETING: "支委会",
    MeetingType.GROUP_MEETING: "党小组会",
    MeetingType.PARTY_LECTURE: "党课",
    MeetingType.THEME_PARTY_DAY: "主题党日",
    MeetingType.ORG_LIFE_MEETING: "组织生活会",
    MeetingType.DEMOCRATIC_EVALUATION: "民主评议党员",
    MeetingType.COMMITTEE_MEETING: "党委会",
}

C, G, B, P = OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH, OrgType.GROUP
# Where each type of meeting can be held. A general branch holds its members' meeting (党员大会) and its
# committee's meeting (总支委员会) under the branch types; a lecture can be given at any level above a group;
# a group holds only group meetings.
ALLOWED_ORG_TYPES: dict[MeetingType, frozenset[OrgType]] = {
    MeetingType.BRANCH_GENERAL_MEETING: frozenset({G, B}),
    MeetingType.BRANCH_COMMITTEE_MEETING: frozenset({G, B}),
    MeetingType.GROUP_MEETING: frozenset({P}),
    MeetingType.PARTY_LECTURE: frozenset({C, G, B}),
    MeetingType.THEME_PARTY_DAY: frozenset({G, B}),
    MeetingType.ORG_LIFE_MEETING: frozenset({G, B}),
    MeetingType.DEMOCRATIC_EVALUATION: frozenset({G, B}),
    MeetingType.COMMITTEE_MEETING: frozenset({C}),
}
# Meetings of a committee (党委会, 支委会): those due are the org's elected committee, not all its members.
COMMITTEE_TYPES = frozenset({MeetingType.BRANCH_COMMITTEE_MEETING, MeetingType.COMMITTEE_MEETING})


class Period(StrEnum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"


PERIOD_LABELS = {Period.MONTH: "每月", Period.QUARTER: "每季度", Period.YEAR: "每年"}
PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


class PeriodStatus(StrEnum):
    """One required period of one meeting type at one org."""

    HELD = "HELD"  # held at least as often as required
    MISSING = "MISSING"  # the period has closed without it
    DUE_SOON = "DUE_SOON"  # the current period, two-thirds gone without it
    OPEN = "OPEN"  # the current period, not yet held, with time left


PERIOD_STATUS_LABELS = {
    PeriodStatus.HELD: "已召开",
    PeriodStatus.MISSING: "缺失",
    PeriodStatus.DUE_SOON: "即将到期未召开",
    PeriodStatus.OPEN: "本期尚未召开",
}


class CommitteePosition(StrEnum):
    SECRETARY = "SECRETARY"  # 书记
    DEPUTY_SECRETARY = "DEPUTY_SECRETARY"  # 副书记
    ORGANIZATION = "ORGANIZATION"  # 组织委员
    DISCIPLINE = "DISCIPLINE"  # 纪检委员
    PROPAGANDA = "PROPAGANDA"  # 宣传委员
    MEMBER = "MEMBER"  # 其他委员


POSITION_LABELS = {
    CommitteePosition.SECRETARY: "书记",
    CommitteePosition.DEPUTY_SECRETARY: "副书记",
    CommitteePosition.ORGANIZATION: "组织委员",
    CommitteePosition.DISCIPLINE: "纪检委员",
    CommitteePosition.PROPAGANDA: "宣传委员",
    CommitteePosition.MEMBER: "委员",
}


class ReelectionStatus(StrEnum):
    ON_TIME = "ON_TIME"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    NO_TERM = "NO_TERM"  # no term on record: neither an election nor a start date


REELECTION_STATUS_LABELS = {
    ReelectionStatus.ON_TIME: "任期内",
    ReelectionStatus.DUE_SOON: "即将到期",
    ReelectionStatus.OVERDUE: "已超期未换届",
    ReelectionStatus.NO_TERM: "无任期记录",
}
