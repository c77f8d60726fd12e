"""An org's indicator values for a period: stored ones first, else computed on demand (measure.py).
Snapshots, which store them, are snapshot.py."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.guard import require_visible
from authz.roles import Resource
from domain.errors import not_found
from domain.indicators import measure as m
from domain.indicators.periods import parse_period
from domain.orgs.models import Organization

ORG_FIELD = "organizationId"


async def visible_org(session: AsyncSession, actor: Actor, org_id: int, field: str = ORG_FIELD) -> Organization:
    org = await session.get(Organization, org_id)
    if org is None:
        raise not_found("组织", field=[field])
    require_visible(actor, org.path, Resource.INDICATOR, "组织", field=field)
    return org


async def evaluate(
    session: AsyncSession, *, actor: Actor, org_id: int, period: str, module: str | None = None, today: date
) -> list[m.Measure]:
    """Every active indicator that applies to the org, measured for the period, in catalog order."""
    asked = parse_period(period)
    org = await visible_org(session, actor, org_id)
    indicators = await m.active_indicators(session, module)
    found = await m.measure(session, orgs=[org], under_path=org.path, indicators=indicators, period=asked, today=today)
    return found[org.id]  # type: ignore[index]
