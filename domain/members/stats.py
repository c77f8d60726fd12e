"""党员基本情况: the chart-ready statistics of a subtree's members, computed in SQL in one statement.

Only current members count (record state ACTIVE; special states such as 流动 or 停止党籍 stay on the
rolls), within the actor's member-read scope. Each series is a list of points (key, Chinese label, count,
percent) with every key present, zeros included; its counts add up to the total and its percents to
exactly 100.0 (domain.charts; all 0.0 when there is nobody).

One statement does it, whatever the size of the subtree: conditional counts (`COUNT(*) FILTER (WHERE …)`,
PostgreSQL and SQLite 3.30+) over the rows the scope and the subtree keep. Ages and 党龄 are never
computed per row: the bands are birth-date and conversion-date boundaries computed once in Python from
today in the Asia/Shanghai calendar, so every filter is a comparison of a date column with a constant.
Banded and remainder keys cost nothing extra: cumulative counts ("born after the 31st birthday's
boundary", ...) are differenced in Python, and the last key of a series is the total minus the others.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.charts import Point, series
from domain.members import reads
from domain.members.enums import (
    CATEGORY_LABELS,
    EDUCATION_LABELS,
    GENDER_LABELS,
    STATUS_LABELS,
    Category,
    Education,
    Gender,
    MemberStatus,
    RecordState,
)
from domain.members.rules import AGE_BANDS
from domain.orgs import reads as org_reads
from domain.timeutil import add_years, today
from domain.tree import in_subtree

M = reads.M

# Keys of the age bands of rules.AGE_BANDS, in the same order.
AGE_BAND_KEYS = ("UP_TO_30", "FROM_31_TO_40", "FROM_41_TO_50", "FROM_51_TO_60", "OVER_60")
EDUCATION_UNKNOWN = "UNKNOWN"  # education is optional in the ledger; the series counts the blanks too
EDUCATION_UNKNOWN_LABEL = "未填写"
HAN = "HAN"
MINORITY = "MINORITY"
ETHNICITY_GROUP_LABELS = {HAN: "汉族", MINORITY: "少数民族"}
# 党龄 counts whole years from conversion (转正); probationary members have none yet (no conversion date:
# the ledger's rules make "no conversion date" and "probationary" the same members).
STANDING_PROBATIONARY = "PROBATIONARY"
STANDING_BANDS = (
    ("UNDER_10", 10, "不满10年"),
    ("FROM_10_TO_19", 20, "10–19年"),
    ("FROM_20_TO_29", 30, "20–29年"),
    ("FROM_30_TO_39", 40, "30–39年"),
    ("FROM_40_TO_49", 50, "40–49年"),
)  # (key, the first whole number of years no longer in the band, label)
STANDING_LAST = ("FROM_50", "50年及以上")
# OTHER is counted as the rest, so a category the enum does not know would still add up.
_COUNTED_CATEGORIES = tuple(c for c in Category if c is not Category.OTHER)


@dataclass(frozen=True)
class MemberStats:
    total: int
    by_gender: list[Point]
    by_age_band: list[Point]
    by_education: list[Point]
    by_ethnicity: list[Point]
    by_status: list[Point]
    by_category: list[Point]
    by_party_standing: list[Point]


def age_boundaries(day: date) -> list[date]:
    """Members born after the i-th boundary are at most the i-th band's upper age (≤30, ≤40, ≤50, ≤60)."""
    return [add_years(day, -(high + 1)) for _, high, _ in AGE_BANDS if high is not None]


def standing_boundaries(day: date) -> list[date]:
    """Members converted after the i-th boundary have a 党龄 below the i-th band's limit (10, 20, …, 50)."""
    return [add_years(day, -limit) for _, limit, _ in STANDING_BANDS]


def _count(condition: ColumnElement[bool] | None = None) -> Any:
    counted = func.count()
    return counted.filter(condition) if condition is not None else counted


def _columns(day: date) -> list[Any]:
    """The conditional counts, in the order `_assemble` reads them back."""
    return [
        _count(),
        _count(M.gender == Gender.MALE.value),
        *(_count(M.birth_date > boundary) for boundary in age_boundaries(day)),
        *(_count(M.education == education.value) for education in Education),
        _count(M.ethnicity == HAN),
        _count(M.status == MemberStatus.PROBATIONARY.value),
        *(_count(M.category == category.value) for category in _COUNTED_CATEGORIES),
        _count(M.converted_on.is_(None)),
        *(_count(M.converted_on > boundary) for boundary in standing_boundaries(day)),
    ]


def _cumulative(counts: Sequence[int], total: int) -> list[int]:
    """Band sizes from counts of "at most the band's limit", the last band taking the rest."""
    bounds = [*counts, total]
    return [bounds[0]] + [bounds[i] - bounds[i - 1] for i in range(1, len(bounds))]


def _assemble(row: Sequence[Any]) -> MemberStats:
    values = iter(int(v or 0) for v in row)

    def take(n: int) -> list[int]:
        return [next(values) for _ in range(n)]

    total, male = take(2)
    ages = _cumulative(take(len(AGE_BAND_KEYS) - 1), total)
    educations = take(len(Education))
    han, probationary = take(2)
    categories = take(len(_COUNTED_CATEGORIES))
    (unconverted,) = take(1)
    standing = _cumulative(take(len(STANDING_BANDS)), total - unconverted)
    male_label, female_label = GENDER_LABELS[Gender.MALE], GENDER_LABELS[Gender.FEMALE]
    probationary_label = STATUS_LABELS[MemberStatus.PROBATIONARY]
    return MemberStats(
        total=total,
        by_gender=series([(Gender.MALE.value, male_label, male), (Gender.FEMALE.value, female_label, total - male)]),
        by_age_band=series(
            [(key, label, value) for key, (_, _, label), value in zip(AGE_BAND_KEYS, AGE_BANDS, ages, strict=True)]
        ),
        by_education=series(
            [
                *((e.value, EDUCATION_LABELS[e], value) for e, value in zip(Education, educations, strict=True)),
                (EDUCATION_UNKNOWN, EDUCATION_UNKNOWN_LABEL, total - sum(educations)),
            ]
        ),
        by_ethnicity=series(
            [(HAN, ETHNICITY_GROUP_LABELS[HAN], han), (MINORITY, ETHNICITY_GROUP_LABELS[MINORITY], total - han)]
        ),
        by_status=series(
            [
                (MemberStatus.PROBATIONARY.value, probationary_label, probationary),
                (MemberStatus.FULL.value, STATUS_LABELS[MemberStatus.FULL], total - probationary),
            ]
        ),
        by_category=series(
            [
                *(
                    (c.value, CATEGORY_LABELS[c], value)
                    for c, value in zip(_COUNTED_CATEGORIES, categories, strict=True)
                ),
                (Category.OTHER.value, CATEGORY_LABELS[Category.OTHER], total - sum(categories)),
            ]
        ),
        by_party_standing=series(
            [
                (STANDING_PROBATIONARY, probationary_label, unconverted),
                *((key, label, value) for (key, _, label), value in zip(STANDING_BANDS, standing[:-1], strict=True)),
                (*STANDING_LAST, standing[-1]),
            ]
        ),
    )


def statement(actor: Actor, under_path: str, day: date) -> Select[Any]:
    """The one aggregate statement: the actor's member-read scope, the subtree, current members only."""
    return select(*_columns(day)).where(
        reads.scope(actor), in_subtree(M.org_path, under_path), M.record_state == RecordState.ACTIVE.value
    )


_WIDTH = len(_columns(date(2000, 1, 1)))


def empty() -> MemberStats:
    return _assemble([0] * _WIDTH)


async def member_stats(session: AsyncSession, *, actor: Actor, under_id: int, day: date | None = None) -> MemberStats:
    """Statistics of the members under an org. An org that does not exist or that the actor may not see
    gives zeros, exactly like an empty one: the answer never tells the two apart."""
    under_path = await org_reads.path_of(session, under_id)
    if under_path is None or not AUTHORIZER.can(actor, under_path, Resource.ORGANIZATION, Action.READ):
        return empty()
    row = (await session.execute(statement(actor, under_path, day or today()))).one()
    return _assemble(row)
