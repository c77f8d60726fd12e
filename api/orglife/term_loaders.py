"""DataLoaders of terms and re-elections: rows, batched per request, so that a list of organizations asking
for their current term and committee costs a statement per kind of row, not one per organization."""

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.loaders import loader
from domain.orglife import term_reads
from domain.orglife.config import current_rules
from domain.orglife.rules import OrgLifeRules


async def _rules(info: ZInfo, keys: Sequence[int]) -> list[OrgLifeRules]:
    async with info.context.sessions() as session:
        found = await current_rules(session)
    return [found for _ in keys]


def rules_loader(info: ZInfo) -> DataLoader[int, OrgLifeRules]:
    """The configurable rules (the re-election window), read once per request; the key is ignored."""
    return loader(info, "orglife.term.rules", _rules)


async def _elections(info: ZInfo, ids: Sequence[int]) -> list[Any]:
    # Outside the actor's reach an election reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await term_reads.elections_by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [found.get(i) for i in ids]


def election_loader(info: ZInfo) -> DataLoader[int, Any]:
    return loader(info, "orglife.election", _elections)


async def _latest(info: ZInfo, org_ids: Sequence[int]) -> list[Any]:
    async with info.context.sessions() as session:
        found = await term_reads.latest_elections(session, actor=info.context.require_actor(), org_ids=org_ids)
    return [found.get(i) for i in org_ids]


def latest_election_loader(info: ZInfo) -> DataLoader[int, Any]:
    """An org's latest election row by org id, or None."""
    return loader(info, "orglife.election.latest", _latest)


async def _seats(info: ZInfo, election_ids: Sequence[int]) -> list[list[Any]]:
    async with info.context.sessions() as session:
        found = await term_reads.seats_of(session, election_ids=election_ids)
    return [found[i] for i in election_ids]


def seats_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    """The seats of an election already read through a scoped loader, by election id."""
    return loader(info, "orglife.election.seats", _seats)


async def _adjustments(info: ZInfo, org_ids: Sequence[int]) -> list[list[Any]]:
    async with info.context.sessions() as session:
        found = await term_reads.adjustments_of(session, actor=info.context.require_actor(), org_ids=org_ids)
    return [found[i] for i in org_ids]


def adjustments_loader(info: ZInfo) -> DataLoader[int, list[Any]]:
    return loader(info, "orglife.term.adjustments", _adjustments)
