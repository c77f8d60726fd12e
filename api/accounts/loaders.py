from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.accounts.types import Grant, grant_from_row
from api.context import ZInfo
from api.loaders import loader
from domain.accounts.service import grants_of_users


async def _grants(info: ZInfo, user_ids: Sequence[int]) -> list[list[Grant]]:
    async with info.context.sessions() as session:
        found = await grants_of_users(session, actor=info.context.require_actor(), user_ids=user_ids)
    return [[grant_from_row(g) for g in found.get(uid, [])] for uid in user_ids]


def grants_loader(info: ZInfo) -> DataLoader[int, list[Grant]]:
    return loader(info, "user.grants", _grants)
