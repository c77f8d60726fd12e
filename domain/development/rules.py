"""Pure rules of member development (DOMAIN.md, Member development). No clock: dates come in.

Assumptions where the regulation leaves room (DOMAIN.md asks to note them here):
- Order: a step may be recorded only when the step before it is (no skipping); step 6, the half-yearly
  review, is recorded at least once and may repeat until step 7. A step's date may equal the previous
  step's date but not precede it: the steps the rules allow to merge (designation and filing, 3-4 and
  7-8; the upper committee's talk and approval, 16-17; ...) are then recorded one after another on the
  same day.
- Months are calendar months; a day past the end of a shorter month falls back to its last day.
- "Activist at least 1 year": step 7 on or after step 3's date plus the activist interval.
- Approval (17) within 3 months of step 15: on or before step 15's date plus 3 months; up to the special
  limit (6) only with a recorded special reason.
- Probation ends on step 15's date plus the probation and any extension; conversion (24) on or after it.
"""

from dataclasses import dataclass
from datetime import date

from domain.development.enums import STEP_LABELS, STEP_NUMBERS, STEPS_BY_NUMBER, DevelopmentStep
from domain.development.errors import DevelopmentError
from domain.errors import DomainError
from domain.members.rules import age_on
from domain.timeutil import add_months

REVIEW = DevelopmentStep.ACTIVIST_REVIEW
ADULT_AGE = 18


@dataclass(frozen=True)
class DevelopmentRules:
    """The configurable numbers, with the regulation values as defaults."""

    talk_within_months: int = 1
    activist_min_months: int = 12
    training_min_days: int = 3
    training_min_hours: int = 24
    approval_max_months: int = 3
    approval_special_max_months: int = 6
    probation_months: int = 12
    extension_min_months: int = 6
    extension_max_months: int = 12
    review_every_months: int = 6
    conversion_alert_days: int = 30
    review_alert_days: int = 30

    def check(self) -> None:
        values = self.__dict__
        if any(not 0 <= v <= 120 for v in values.values()):
            raise DomainError(DevelopmentError.INVALID_RULES, "各项数值须在 0 到 120 之间")
        if self.approval_special_max_months < self.approval_max_months:
            raise DomainError(DevelopmentError.INVALID_RULES, "特殊情况的审批期限不能短于一般期限")
        if not 1 <= self.extension_min_months <= self.extension_max_months:
            raise DomainError(DevelopmentError.INVALID_RULES, "延长预备期的月数范围不合理")


@dataclass(frozen=True)
class Vote:
    """A branch general meeting's counts for one candidate."""

    entitled: int
    present: int
    yes: int
    no: int
    abstain: int


def check_applicant_age(birth_date: date, applied_on: date) -> None:
    if age_on(birth_date, applied_on) < ADULT_AGE:
        raise DomainError(DevelopmentError.UNDER_AGE, "申请入党时须年满 18 周岁", field=["appliedOn"])


def allowed_next(recorded: list[DevelopmentStep]) -> set[DevelopmentStep]:
    """The steps that may be recorded after these: the next one, and another review while reviews run."""
    last = max((STEP_NUMBERS[s] for s in recorded), default=0)
    allowed = {STEPS_BY_NUMBER[last + 1]} if last < len(STEPS_BY_NUMBER) else set()
    if last == STEP_NUMBERS[REVIEW]:
        allowed.add(REVIEW)
    return allowed


def check_order(step: DevelopmentStep, recorded: list[DevelopmentStep], last_on: date | None, on: date) -> None:
    if step in recorded and step is not REVIEW:
        raise DomainError(DevelopmentError.STEP_ALREADY_RECORDED, f"{STEP_LABELS[step]}已记录", field=["step"])
    allowed = allowed_next(recorded)
    if step not in allowed:
        expected = "、".join(STEP_LABELS[s] for s in sorted(allowed, key=STEP_NUMBERS.__getitem__)) or "无（已完成）"
        raise DomainError(DevelopmentError.STEP_OUT_OF_ORDER, f"不能跳步：下一步应为 {expected}", field=["step"])
    if last_on is not None and on < last_on:
        raise DomainError(
            DevelopmentError.STEP_OUT_OF_ORDER, f"日期不能早于上一步的日期 {last_on.isoformat()}", field=["on"]
        )


def talk_is_late(applied_on: date, talk_on: date, rules: DevelopmentRules) -> bool:
    return talk_on > add_months(applied_on, rules.talk_within_months)


def earliest_target_on(activist_on: date, rules: DevelopmentRules) -> date:
    return add_months(activist_on, rules.activist_min_months)


def check_interval(on: date, earliest: date, what: str) -> None:
    if on < earliest:
        raise DomainError(
            DevelopmentError.INTERVAL_NOT_MET, f"{what}：最早可在 {earliest.isoformat()} 记录", field=["on"]
        )


def check_training(days: int | None, hours: int | None, rules: DevelopmentRules) -> None:
    if (days or 0) >= rules.training_min_days or (hours or 0) >= rules.training_min_hours:
        return
    raise DomainError(
        DevelopmentError.TRAINING_NOT_ENOUGH,
        f"集中培训须不少于 {rules.training_min_days} 天或 {rules.training_min_hours} 个学时",
        field=["trainingDays"],
    )


def quorum_met(vote: Vote) -> bool:
    """More than half of the entitled voters present."""
    return 2 * vote.present > vote.entitled


def vote_passed(vote: Vote) -> bool:
    """Yes from more than half of the entitled full members, not of those present."""
    return 2 * vote.yes > vote.entitled


def check_vote(vote: Vote | None) -> Vote:
    if vote is None:
        raise DomainError(DevelopmentError.DETAILS_REQUIRED, "须填写支部党员大会的表决情况", field=["vote"])
    counts = (vote.entitled, vote.present, vote.yes, vote.no, vote.abstain)
    if min(counts) < 0 or vote.entitled == 0 or vote.present > vote.entitled:
        raise DomainError(DevelopmentError.INVALID_VOTE_COUNTS, "实到人数须在 0 到应到人数之间", field=["vote"])
    if vote.yes + vote.no + vote.abstain > vote.present:
        raise DomainError(DevelopmentError.INVALID_VOTE_COUNTS, "赞成、反对、弃权之和不能超过实到人数", field=["vote"])
    if not quorum_met(vote):
        raise DomainError(
            DevelopmentError.QUORUM_NOT_MET,
            f"实到 {vote.present} 人，未超过应到 {vote.entitled} 人的半数",
            field=["vote"],
        )
    if not vote_passed(vote):
        raise DomainError(
            DevelopmentError.VOTE_NOT_PASSED,
            f"赞成 {vote.yes} 票，未超过应到 {vote.entitled} 名有表决权党员的半数",
            field=["vote"],
        )
    return vote


def check_approval_date(meeting_on: date, on: date, special_reason: str | None, rules: DevelopmentRules) -> None:
    normal = add_months(meeting_on, rules.approval_max_months)
    special = add_months(meeting_on, rules.approval_special_max_months)
    if on > special:
        raise DomainError(
            DevelopmentError.APPROVAL_OVERDUE,
            f"审批须在支部大会后 {rules.approval_special_max_months} 个月内，即不晚于 {special.isoformat()}",
            field=["on"],
        )
    if on > normal and not special_reason:
        raise DomainError(
            DevelopmentError.SPECIAL_REASON_REQUIRED,
            f"晚于 {normal.isoformat()} 审批须写明特殊原因",
            field=["specialReason"],
        )


def probation_ends_on(meeting_on: date, extension_months: int | None, rules: DevelopmentRules) -> date:
    return add_months(meeting_on, rules.probation_months + (extension_months or 0))


def check_extension(months: int, already: int | None, rules: DevelopmentRules) -> None:
    if already is not None:
        raise DomainError(DevelopmentError.EXTENSION_ALREADY_USED, "预备期只能延长一次", field=["months"])
    if not rules.extension_min_months <= months <= rules.extension_max_months:
        raise DomainError(
            DevelopmentError.INVALID_EXTENSION,
            f"预备期延长须为 {rules.extension_min_months} 到 {rules.extension_max_months} 个月",
            field=["months"],
        )
