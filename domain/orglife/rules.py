"""The configurable numbers of organization life, with their regulation defaults (DOMAIN.md).

Assumptions where DOMAIN.md is silent, noted as it asks:
- 党委会 (COMMITTEE_MEETING): monthly, as the state-owned enterprise basic-organization rules set
  ("党委会议一般每月召开 1 次").
- "Each committee secretary gives at least one party lecture a year": a yearly PARTY_LECTURE at every
  committee and general branch.
- 支委会 is required of a branch only from 7 full members (a smaller branch has no branch committee).
- 民主评议党员 may be combined with the organization-life meeting: such a meeting counts for both.
"""

from dataclasses import dataclass

from domain.errors import DomainError
from domain.orglife.enums import MeetingType, Period
from domain.orglife.errors import OrgLifeError
from domain.orgs.models import OrgType

M, C, G, B, P = MeetingType, OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH, OrgType.GROUP


@dataclass(frozen=True)
class Requirement:
    meeting_type: MeetingType
    org_type: OrgType
    period: Period
    min_count: int = 1


DEFAULT_REQUIREMENTS = (
    Requirement(M.BRANCH_GENERAL_MEETING, B, Period.QUARTER),
    Requirement(M.BRANCH_COMMITTEE_MEETING, B, Period.MONTH),
    Requirement(M.GROUP_MEETING, P, Period.MONTH),
    Requirement(M.PARTY_LECTURE, B, Period.QUARTER),
    Requirement(M.PARTY_LECTURE, G, Period.YEAR),
    Requirement(M.PARTY_LECTURE, C, Period.YEAR),
    Requirement(M.THEME_PARTY_DAY, B, Period.MONTH),
    Requirement(M.ORG_LIFE_MEETING, B, Period.YEAR),
    Requirement(M.DEMOCRATIC_EVALUATION, B, Period.YEAR),
    Requirement(M.COMMITTEE_MEETING, C, Period.MONTH),
)


@dataclass(frozen=True)
class OrgLifeRules:
    """Alert windows and thresholds; the meeting frequencies are the Requirement rows."""

    reelection_alert_months: int = 6
    meeting_alert_numerator: int = 2
    meeting_alert_denominator: int = 3
    study_alert_days: int = 14
    inactive_months: int = 6
    term_adjust_max_months: int = 12
    branch_committee_min_full_members: int = 7

    def check(self) -> None:
        if any(not 0 <= v <= 366 for v in self.__dict__.values()):
            raise DomainError(OrgLifeError.INVALID_RULES, "各项数值须在 0 到 366 之间")
        if not 0 < self.meeting_alert_numerator < self.meeting_alert_denominator:
            raise DomainError(OrgLifeError.INVALID_RULES, "会议预警的期间比例须大于 0、小于 1")
        if not 1 <= self.inactive_months <= 24:
            raise DomainError(OrgLifeError.INVALID_RULES, "未参加组织生活的预警月数须在 1 到 24 之间")
