"""Per-request loaders of the control center's objects by id: `node(id:)` and alert subjects use them."""

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.indicators.alert_center_types import CenterAlert, center_alert_from
from api.indicators.catalog_types import Indicator, indicator_from
from api.loaders import loader
from domain.indicators import alert_center, catalog_reads


async def _indicators(info: ZInfo, ids: Sequence[int]) -> list[Indicator | None]:
    # The library is reference data: whoever is signed in reads it whole, so no scope narrows it.
    async with info.context.sessions() as session:
        found = await catalog_reads.indicators_by_ids(session, ids)
    return [indicator_from(found[i]) if i in found else None for i in ids]


def indicator_loader(info: ZInfo) -> DataLoader[int, Indicator | None]:
    return loader(info, "indicators.indicator", _indicators)


async def _alerts(info: ZInfo, ids: Sequence[int]) -> list[CenterAlert | None]:
    # Outside the actor's scope an alert reads as absent, exactly like one whose cause is gone.
    async with info.context.sessions() as session:
        found = await alert_center.alerts_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [center_alert_from(found[i]) if i in found else None for i in ids]


def alert_loader(info: ZInfo) -> DataLoader[int, CenterAlert | None]:
    return loader(info, "indicators.alert", _alerts)
