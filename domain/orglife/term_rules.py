"""Pure rules of terms and re-elections (换届): a term's end, its re-election status, and what a valid election
looks like. They take `today` and the configurable rules as parameters and read no clock and no database.

Sources, where DOMAIN.md is silent (《中国共产党基层组织选举工作条例》, 2020, and 《中国共产党支部工作条例
（试行）》, 2018):
- Quorum: "选举单位有选举权的党员或者代表实到会人数超过应到会人数的五分之四，方可进行选举" (条例第十七条):
  more than four-fifths of those entitled must be present.
- Elected: "被选举人获得的赞成票超过实到会有选举权的人数的一半，始得当选" (条例第二十六条): yes-votes from
  more than half of those present, not of those entitled.
- Committee sizes: a 支委会 of 3 to 5, at most 7 (DOMAIN.md); a branch below the 支委会 threshold (7 full
  members by default) elects a secretary and, where needed, a deputy (支部工作条例第八条); a general branch
  committee 3 to 7 (支部工作条例: 总支委员会 5 至 7 人, at most 7; 3 is allowed for a small one, as for a
  支委会); a base committee (基层党委) 3 to 11 (条例: 5 至 9 人, at most 11; 3 for a small one, as above).
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from domain.alerts import AlertLevel
from domain.errors import DomainError
from domain.orglife.enums import CommitteePosition, ReelectionStatus
from domain.orglife.errors import OrgLifeError
from domain.orglife.rules import OrgLifeRules
from domain.orgs.models import OrgType
from domain.orgs.rules import term_ends_on
from domain.timeutil import add_months

P = CommitteePosition
ELECTING_TYPES = frozenset({OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH})
# The largest committee of each type, the smallest being 3; a small branch is handled apart.
MAX_SEATS = {OrgType.COMMITTEE: 11, OrgType.GENERAL_BRANCH: 7, OrgType.BRANCH: 7}
MIN_SEATS = 3
SINGLE_POSITIONS = (P.ORGANIZATION, P.DISCIPLINE, P.PROPAGANDA)
MAX_DEPUTIES = 2
SMALL_BRANCH_POSITIONS = frozenset({P.SECRETARY, P.DEPUTY_SECRETARY})
LEVELS = {
    ReelectionStatus.ON_TIME: AlertLevel.GREEN,
    ReelectionStatus.DUE_SOON: AlertLevel.YELLOW,
    ReelectionStatus.OVERDUE: AlertLevel.RED,
}


class Seat(NamedTuple):
    """One elected seat: a ledger member, the position and the yes-votes the member received."""

    member_id: int
    position: CommitteePosition
    votes_for: int


def term_end(started: date | None, years: int, adjusted: date | None) -> date | None:
    """The term's end: an approved adjustment if any, else the start plus the term length; None without a term."""
    return term_ends_on(started, years, adjusted)


def reelection_status(ends_on: date | None, today: date, rules: OrgLifeRules) -> ReelectionStatus:
    """OVERDUE after the end day; DUE_SOON from `reelection_alert_months` before it through the end day itself
    (re-election on the last day is on time); ON_TIME before that; NO_TERM without a term."""
    if ends_on is None:
        return ReelectionStatus.NO_TERM
    if today > ends_on:
        return ReelectionStatus.OVERDUE
    if today >= add_months(ends_on, -rules.reelection_alert_months):
        return ReelectionStatus.DUE_SOON
    return ReelectionStatus.ON_TIME


def alert_level(status: ReelectionStatus) -> AlertLevel | None:
    return LEVELS.get(status)


def check_votes(entitled_voters: int, voters_present: int) -> None:
    if not 0 < voters_present <= entitled_voters:
        raise DomainError(
            OrgLifeError.INVALID_VOTE_COUNTS, "实到人数须大于 0 且不超过应到人数", field=["votersPresent"]
        )
    if voters_present * 5 <= entitled_voters * 4:  # integers: exactly four-fifths is not "more than"
        raise DomainError(
            OrgLifeError.QUORUM_NOT_MET,
            f"实到 {voters_present} 人，未超过应到 {entitled_voters} 人的五分之四，不能进行选举",
            field=["votersPresent"],
        )


def _invalid(message: str, field: Sequence[str] = ("committee",)) -> DomainError:
    return DomainError(OrgLifeError.INVALID_COMMITTEE, message, field=list(field))


def check_composition(seats: Sequence[Seat]) -> None:
    """Positions and people, whatever the org: one secretary, at most one of each single post and two deputies,
    no one twice; at most 11 seats, the largest committee of any type."""
    counts = Counter(seat.position for seat in seats)
    if counts[P.SECRETARY] != 1:
        raise DomainError(OrgLifeError.SECRETARY_REQUIRED, "新一届须选出且只选出一名书记", field=["committee"])
    if counts[P.DEPUTY_SECRETARY] > MAX_DEPUTIES or any(counts[p] > 1 for p in SINGLE_POSITIONS):
        raise _invalid("副书记至多 2 名，组织、纪检、宣传委员各至多 1 名")
    seen: set[int] = set()
    for i, seat in enumerate(seats):
        if seat.member_id in seen:
            raise _invalid("同一人不能占两个席位", ("committee", str(i), "memberId"))
        seen.add(seat.member_id)
    if len(seats) > MAX_SEATS[OrgType.COMMITTEE]:
        raise _invalid(f"委员会至多 {MAX_SEATS[OrgType.COMMITTEE]} 人")


def check_size(seats: Sequence[Seat], org_type: OrgType, full_members: int, rules: OrgLifeRules) -> None:
    """The committee's size for the org: a branch with fewer full members than the 支委会 threshold elects a
    secretary and at most a deputy; otherwise 3 up to the type's maximum."""
    if org_type == OrgType.BRANCH and full_members < rules.branch_committee_min_full_members:
        if len(seats) > 2 or any(seat.position not in SMALL_BRANCH_POSITIONS for seat in seats):
            raise _invalid(
                f"正式党员不足 {rules.branch_committee_min_full_members} 人的支部不设支委会，"
                "只选书记，必要时选一名副书记"
            )
        return
    if not MIN_SEATS <= len(seats) <= MAX_SEATS[org_type]:
        raise _invalid(f"委员会须为 {MIN_SEATS} 到 {MAX_SEATS[org_type]} 人")


def check_seat_votes(seats: Sequence[Seat], voters_present: int) -> None:
    for i, seat in enumerate(seats):
        field = ["committee", str(i), "votesFor"]
        if not 0 <= seat.votes_for <= voters_present:
            raise DomainError(OrgLifeError.INVALID_VOTE_COUNTS, "赞成票数须在 0 到实到人数之间", field=field)
        if seat.votes_for * 2 <= voters_present:
            raise DomainError(
                OrgLifeError.VOTES_NOT_ENOUGH,
                f"赞成票 {seat.votes_for} 张，未超过实到 {voters_present} 人的一半，不能当选",
                field=field,
            )


def adjustment_bounds(scheduled: date, rules: OrgLifeRules) -> tuple[date, date]:
    """The earliest and latest end an approval may set: the scheduled end moved by at most the limit, in
    calendar months (12 by default: "提前或延期换届不超过 1 年")."""
    months = rules.term_adjust_max_months
    return add_months(scheduled, -months), add_months(scheduled, months)
