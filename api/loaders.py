"""Per-request DataLoaders, made on first use; each batch opens its own session."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from api.context import ZInfo

K = TypeVar("K")
V = TypeVar("V")


def loader(info: ZInfo, name: str, batch: Callable[[ZInfo, Sequence[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
    loaders = info.context.loaders
    if name not in loaders:

        async def load(keys: list[K]) -> Sequence[V]:
            return await batch(info, keys)

        loaders[name] = DataLoader(load_fn=load)
    found: DataLoader[Any, Any] = loaders[name]
    return found
