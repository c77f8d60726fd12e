"""The two outcomes of every mutation test, for any area: accepted with one OK audit record, or refused
with exactly one coded error, nothing written, and one audit record carrying the code."""

from collections.abc import Awaitable, Callable
from typing import Any

from tests.fixtures import Api, Builder

Snapshot = Callable[[], Awaitable[Any]]


async def mutate(api: Api, query: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    """Runs a `mutation($input: ...!) { op(input: $input) { ... } }` and returns its payload."""
    data = await api.data(query, {"input": input}, token)
    (payload,) = data.values()
    assert isinstance(payload, dict)
    return payload


async def accepted(api: Api, build: Builder, query: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    trail_before = len(await build.audit_records())
    payload = await mutate(api, query, input, token)
    assert payload["errors"] == [], payload
    records = (await build.audit_records())[trail_before:]
    assert [r.result for r in records] == ["OK"], [(r.operation, r.result) for r in records]
    return payload


async def refused(
    api: Api,
    build: Builder,
    query: str,
    input: dict[str, Any],
    token: str,
    *,
    code: str,
    field: list[str] | None,
    rows: Snapshot,
) -> dict[str, Any]:
    """`rows` snapshots every table the mutation could touch; it must read the same before and after."""
    before = await rows()
    trail_before = len(await build.audit_records())
    payload = await mutate(api, query, input, token)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"]
    assert await rows() == before
    records = (await build.audit_records())[trail_before:]
    assert [r.result for r in records] == [code]
    return payload
