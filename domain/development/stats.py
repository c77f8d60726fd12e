"""The development funnel for charts: how many files are at each stage, for a subtree and a year."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.charts import Point, series
from domain.development.enums import STAGE_LABELS, DevelopmentStage
from domain.development.reads import TABLE, F
from domain.errors import CommonError, DomainError
from domain.tree import in_subtree


async def funnel(session: AsyncSession, *, actor: Actor, under_path: str, year: int | None) -> list[Point]:
    """One point per stage, in the order of the path (closed files last); `year`: of application only.

    Counted in SQL, one statement; stages without files are there with 0, so every chart has every bar.
    """
    statement = (
        select(F.stage, func.count())
        .select_from(TABLE)
        .where(
            AUTHORIZER.path_filter(actor, F.org_path, Resource.DEVELOPMENT, Action.READ),
            in_subtree(F.org_path, under_path),
        )
        .group_by(F.stage)
    )
    if year is not None:
        if not 1900 <= year <= 9999:
            raise DomainError(CommonError.INVALID_INPUT, "年份须在 1900 到 9999 之间", field=["year"])
        statement = statement.where(F.applied_on >= date(year, 1, 1), F.applied_on <= date(year, 12, 31))
    counts = {stage: int(n) for stage, n in await session.execute(statement)}
    return series([(stage.value, STAGE_LABELS[stage], counts.get(stage.value, 0)) for stage in DevelopmentStage])
