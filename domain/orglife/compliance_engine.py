"""The evaluation of meeting compliance, org by org, in plain Python (compliance.py says what is required and
how the totals read). Everything that depends only on the asked range, `today` and the rules is computed once;
each org then costs a few dictionary lookups, and results that come out alike are shared."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.charts import rate
from domain.orglife.compliance_reads import COMBINED, bucket_base
from domain.orglife.enums import PERIOD_MONTHS, MeetingType, Period, PeriodStatus
from domain.orglife.periods import AskedRange, Span, spans_in, unheld_status
from domain.orglife.rules import OrgLifeRules, Requirement
from domain.orgs.models import OrgType

EVALUATION, ORG_LIFE = MeetingType.DEMOCRATIC_EVALUATION, MeetingType.ORG_LIFE_MEETING
CountsIn = Mapping[tuple[int, str], tuple[int, ...]]  # compliance_reads.Counts, read only


@dataclass(frozen=True)
class PeriodResult:
    span: Span  # label, first and last day
    held: int  # meetings held in it
    status: PeriodStatus


@dataclass(frozen=True)
class RequirementResult:
    """One requirement of one org over the asked range: its required periods, held or not."""

    meeting_type: MeetingType
    period: Period
    min_count: int
    periods: tuple[PeriodResult, ...]
    required: int  # periods required: all those listed
    held: int  # periods HELD
    missing: int  # periods MISSING


@dataclass(frozen=True)
class OrgCompliance:
    org: Any  # the org's row, every column of `organization`
    items: tuple[RequirementResult, ...]
    required: int
    held: int
    missing: int
    rate: float | None

    @property
    def compliant(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class _Source:
    """Where a requirement's meetings are counted: a count key and, per span, the indexes of the buckets it
    covers in the counts (compliance_reads.meeting_counts)."""

    key: str
    buckets: tuple[tuple[int, ...], ...]
    single: tuple[int, ...] | None  # one bucket per span (the common case): summed without a loop


@dataclass(frozen=True)
class _Plan:
    index: int
    committee: bool  # the 支委会 of a branch: only for big branches
    spans: list[Span]
    sources: tuple[_Source, ...]


class Evaluator:
    """The requirements, the periods of the asked range and their unheld statuses, computed once; each org
    then costs a few dictionary lookups. Results are shared between orgs that came out alike (most do)."""

    def __init__(
        self, requirements: Sequence[Requirement], rules: OrgLifeRules, asked: AskedRange, today: date
    ) -> None:
        self.rules = rules
        self.asked = asked
        self.requirements = list(requirements)
        self.spans = {period: spans_in(period, asked, today) for period in Period}
        self.unheld = {
            span: unheld_status(span, today, rules.meeting_alert_numerator, rules.meeting_alert_denominator)
            for spans in self.spans.values()
            for span in spans
        }
        self.divisors = _divisors(self.requirements)
        self.plans: dict[str, list[_Plan]] = {}
        for index, requirement in enumerate(self.requirements):
            self.plans.setdefault(str(requirement.org_type), []).append(self._plan(index, requirement))
        self._items: dict[tuple[int, int, int, tuple[int, ...]], RequirementResult] = {}

    def _plan(self, index: int, requirement: Requirement) -> _Plan:
        spans = self.spans[requirement.period]
        # Plain str keys: an Enum member hashes through Python code, and each org looks these up.
        sources = [self._source(str(requirement.meeting_type), self.divisors[requirement.meeting_type], spans)]
        if requirement.meeting_type is EVALUATION:
            sources.append(self._source(COMBINED, self.divisors[ORG_LIFE], spans))
        return _Plan(index, _committee_rule(requirement), spans, tuple(sources))

    def _source(self, key: str, divisor: int, spans: list[Span]) -> _Source:
        base = bucket_base(self.asked.first_month, divisor)
        buckets = tuple(
            tuple(range(s.first_month // divisor - base, s.last_month // divisor - base + 1)) for s in spans
        )
        single = tuple(b[0] for b in buckets) if all(len(b) == 1 for b in buckets) else None
        return _Source(key, buckets, single)

    @property
    def needs_committee_count(self) -> bool:
        return any(_committee_rule(r) for r in self.requirements)

    def evaluate(self, org: Any, counts: CountsIn, big_branches: set[int]) -> OrgCompliance:
        org_id = org.id
        lived_throughout = org.established_on is None and org.dissolved_on is None
        has_committee = self.rules.branch_committee_min_full_members <= 0 or org_id in big_branches
        items = []
        required = held = missing = 0
        for plan in self.plans.get(org.type, ()):
            if plan.committee and not has_committee:
                continue
            low, high = (0, len(plan.spans)) if lived_throughout else _owed(plan.spans, org)
            if low >= high:
                continue
            item = self._item(
                plan.index, low, high, _held(plan.sources, counts, org_id, low, high) or (0,) * (high - low)
            )
            items.append(item)
            required += item.required
            held += item.held
            missing += item.missing
        return OrgCompliance(org, tuple(items), required, held, missing, rate(held, required))

    def _item(self, index: int, low: int, high: int, held: tuple[int, ...]) -> RequirementResult:
        key = (index, low, high, held)
        item = self._items.get(key)
        if item is None:
            requirement = self.requirements[index]
            periods = tuple(
                PeriodResult(span, n, PeriodStatus.HELD if n >= requirement.min_count else self.unheld[span])
                for span, n in zip(self.spans[requirement.period][low:high], held, strict=True)
            )
            item = RequirementResult(
                meeting_type=requirement.meeting_type,
                period=requirement.period,
                min_count=requirement.min_count,
                periods=periods,
                required=len(periods),
                held=sum(1 for p in periods if p.status is PeriodStatus.HELD),
                missing=sum(1 for p in periods if p.status is PeriodStatus.MISSING),
            )
            self._items[key] = item
        return item


def _committee_rule(requirement: Requirement) -> bool:
    return requirement.meeting_type is MeetingType.BRANCH_COMMITTEE_MEETING and requirement.org_type is OrgType.BRANCH


def _held(sources: tuple[_Source, ...], counts: CountsIn, org_id: int, low: int, high: int) -> tuple[int, ...]:
    """Meetings held per span of [low, high), over the sources; () when none at all."""
    held: list[int] | None = None
    for source in sources:
        found = counts.get((org_id, source.key))
        if not found:
            continue
        if source.single is not None:
            part = [found[b] for b in source.single[low:high]]
        else:
            part = [sum([found[b] for b in buckets]) for buckets in source.buckets[low:high]]
        held = part if held is None else [x + y for x, y in zip(held, part, strict=True)]
    return tuple(held) if held is not None else ()


def _divisors(requirements: Sequence[Requirement]) -> dict[str, int]:
    """Per meeting type, the months of its finest required period (the democratic evaluation's finest
    also refines the organization-life meeting's, since a combined one counts for it)."""
    found: dict[str, int] = {}
    for r in requirements:
        found[r.meeting_type] = min(found.get(r.meeting_type, 12), PERIOD_MONTHS[r.period])
    if EVALUATION in found:
        found[ORG_LIFE] = min(found.get(ORG_LIFE, 12), found[EVALUATION])
    return found


def _owed(spans: list[Span], org: Any) -> tuple[int, int]:
    """The slice of `spans` (in order) that the org existed throughout (periods.org_owes)."""
    low, high = 0, len(spans)
    if org.established_on is not None:
        while low < high and spans[low].start < org.established_on:
            low += 1
    if org.dissolved_on is not None:
        while high > low and spans[high - 1].end > org.dissolved_on:
            high -= 1
    return low, high
