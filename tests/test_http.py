"""Through HTTP, as a client sees it: sign-in and lockout, bearer tokens, operation limits, the endpoints."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from importlib import import_module
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from domain.accounts.models import SignInThrottle, User
from domain.accounts.tokens import issue_token
from domain.audit.models import AuditRecord
from domain.db import SessionFactory
from domain.settings import Environment, Settings
from tests.fixtures import PASSWORD, Api, Builder

LOGIN = """mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) { token expiresAt user { username } errors { field message code } }
}"""
ME = "{ me { username } }"
WRONG = "Wrong@2026pass"


@asynccontextmanager
async def custom_api(
    settings: Settings, engine: AsyncEngine, sessions: SessionFactory, **changes: Any
) -> AsyncIterator[Api]:
    """The real app over other settings (lockout, expiry, production), on the test's own transaction."""
    app = create_app(settings.model_copy(update=changes), engine=engine, sessions=sessions)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        yield Api(client)


async def login(api: Api, username: str, password: str) -> dict[str, Any]:
    payload: dict[str, Any] = (await api.data(LOGIN, {"u": username, "p": password}))["login"]
    return payload


def answer(payload: dict[str, Any]) -> tuple[str, str]:
    assert payload["token"] is None and payload["user"] is None, payload
    [error] = payload["errors"]
    return error["code"], error["message"]


def top_code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


# --- sign-in and lockout ------------------------------------------------------------------------------


async def test_login_returns_a_token_that_works(api: Api, build: Builder) -> None:
    await build.user("zhang.san")
    payload = await login(api, "  Zhang.San ", PASSWORD)
    assert payload["errors"] == [] and payload["user"] == {"username": "zhang.san"}
    assert await api.data(ME, token=payload["token"]) == {"me": {"username": "zhang.san"}}


async def test_wrong_password_and_unknown_username_get_the_same_answer(api: Api, build: Builder) -> None:
    await build.user("zhang.san")
    wrong = (await api.data(LOGIN, {"u": "zhang.san", "p": WRONG}))["login"]
    unknown = (await api.data(LOGIN, {"u": "nobody.here", "p": WRONG}))["login"]
    assert answer(wrong)[0] == "INVALID_CREDENTIALS"
    assert wrong == unknown


async def test_five_failures_lock_the_account_even_for_the_right_password(api: Api, build: Builder) -> None:
    await build.user("zhang.san")
    answers = [answer(await login(api, "zhang.san", WRONG))[0] for _ in range(5)]
    assert answers == ["INVALID_CREDENTIALS"] * 4 + ["ACCOUNT_LOCKED"]
    code, message = answer(await login(api, "zhang.san", PASSWORD))
    assert code == "ACCOUNT_LOCKED" and "30 分钟" in message


async def test_a_lockout_does_not_reveal_whether_the_username_exists(api: Api, build: Builder) -> None:
    await build.user("zhang.san")
    real = [answer(await login(api, "zhang.san", WRONG)) for _ in range(6)]
    ghost = [answer(await login(api, "ghost.user", WRONG)) for _ in range(6)]
    assert real == ghost
    assert real[-1][0] == "ACCOUNT_LOCKED"


async def test_a_success_resets_the_failure_count(api: Api, build: Builder) -> None:
    await build.user("zhang.san")
    for _ in range(4):
        assert answer(await login(api, "zhang.san", WRONG))[0] == "INVALID_CREDENTIALS"
    assert (await login(api, "zhang.san", PASSWORD))["token"]
    for _ in range(4):
        assert answer(await login(api, "zhang.san", WRONG))[0] == "INVALID_CREDENTIALS"
    assert answer(await login(api, "zhang.san", WRONG))[0] == "ACCOUNT_LOCKED"


async def test_the_lock_lasts_the_configured_minutes_then_expires(
    settings: Settings, engine: AsyncEngine, sessions: SessionFactory, build: Builder
) -> None:
    await build.user("zhang.san")
    async with custom_api(settings, engine, sessions, lockout_minutes=7) as api:
        for _ in range(5):
            await login(api, "zhang.san", WRONG)
        code, message = answer(await login(api, "zhang.san", PASSWORD))
        assert code == "ACCOUNT_LOCKED" and "7 分钟" in message
        async with sessions() as session:
            throttle = await session.get(SignInThrottle, "zhang.san")
            assert throttle is not None and throttle.locked_until and throttle.last_failure_at
            assert throttle.locked_until - throttle.last_failure_at == timedelta(minutes=7)
        async with sessions() as session, session.begin():
            past = datetime.now(UTC) - timedelta(seconds=1)
            await session.execute(update(SignInThrottle).values(locked_until=past))
        # Expired: the right password works again, and one new failure does not lock at once.
        assert answer(await login(api, "zhang.san", WRONG))[0] == "INVALID_CREDENTIALS"
        assert (await login(api, "zhang.san", PASSWORD))["token"]


async def test_the_failure_threshold_is_configurable(
    settings: Settings, engine: AsyncEngine, sessions: SessionFactory, build: Builder
) -> None:
    await build.user("zhang.san")
    async with custom_api(settings, engine, sessions, lockout_failures=2) as api:
        assert answer(await login(api, "zhang.san", WRONG))[0] == "INVALID_CREDENTIALS"
        assert answer(await login(api, "zhang.san", WRONG))[0] == "ACCOUNT_LOCKED"
        assert answer(await login(api, "zhang.san", PASSWORD))[0] == "ACCOUNT_LOCKED"


# --- bearer tokens ------------------------------------------------------------------------------------


async def test_an_expired_token_is_unauthenticated(api: Api, build: Builder, settings: Settings) -> None:
    user = await build.user("zhang.san")
    assert user.id is not None
    stale = issue_token(settings, user.id, now=datetime.now(UTC) - timedelta(minutes=settings.token_minutes + 1))
    fresh = issue_token(settings, user.id, now=datetime.now(UTC) - timedelta(minutes=settings.token_minutes - 1))
    body = await api.post(ME, token=stale.token)
    assert top_code(body) == "UNAUTHENTICATED" and "过期" in body["errors"][0]["message"]
    assert body["data"] == {"me": None}
    assert await api.data(ME, token=fresh.token) == {"me": {"username": "zhang.san"}}


async def test_token_lifetime_is_configurable(
    settings: Settings, engine: AsyncEngine, sessions: SessionFactory, build: Builder
) -> None:
    await build.user("zhang.san")
    async with custom_api(settings, engine, sessions, token_minutes=5) as api:
        payload = await login(api, "zhang.san", PASSWORD)
        claims = jwt.decode(payload["token"], options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == 5 * 60


def forged(kind: str, settings: Settings, user_id: int) -> str:
    good = issue_token(settings, user_id).token
    claims = {"sub": str(user_id), "iat": datetime.now(UTC), "exp": datetime.now(UTC) + timedelta(minutes=5)}
    return {
        "garbage": "not-a-jwt",
        "truncated": good[:-8],
        "wrong-key": jwt.encode(claims, "some-other-key-0123456789abcdef0123", "HS256"),
        "alg-none": jwt.encode(claims, "", "none"),
        "no-expiry": jwt.encode({"sub": str(user_id)}, settings.secret_key.get_secret_value(), "HS256"),
        "bad-subject": jwt.encode({**claims, "sub": "x"}, settings.secret_key.get_secret_value(), "HS256"),
    }[kind]


@pytest.mark.parametrize("kind", ["garbage", "truncated", "wrong-key", "alg-none", "no-expiry", "bad-subject"])
async def test_a_malformed_or_forged_token_is_unauthenticated(
    api: Api, build: Builder, settings: Settings, kind: str
) -> None:
    user = await build.user("zhang.san")
    assert user.id is not None
    body = await api.post(ME, token=forged(kind, settings, user.id))
    assert top_code(body) == "UNAUTHENTICATED" and body["data"] == {"me": None}


async def test_a_missing_token_is_unauthenticated(api: Api, build: Builder, settings: Settings) -> None:
    user = await build.user("zhang.san")
    assert user.id is not None
    stale = issue_token(settings, user.id, now=datetime.now(UTC) - timedelta(days=1)).token
    assert "过期" in (await api.post(ME, token=stale))["errors"][0]["message"]
    # The reason given to one request (expired) never leaks into the next one's answer.
    body = await api.post(ME)
    assert top_code(body) == "UNAUTHENTICATED" and body["data"] == {"me": None}
    assert "过期" not in body["errors"][0]["message"]
    body = await api.post("{ organizations(first: 5) { totalCount } }")
    assert top_code(body) == "UNAUTHENTICATED" and body["data"] is None


async def test_a_deactivated_users_token_stops_working(api: Api, build: Builder, sessions: SessionFactory) -> None:
    user = await build.user("zhang.san")
    token = build.token(user)
    assert await api.data(ME, token=token) == {"me": {"username": "zhang.san"}}
    async with sessions() as session, session.begin():
        await session.execute(update(User).where(User.id == user.id).values(is_active=False))  # type: ignore[arg-type]
    assert top_code(await api.post(ME, token=token)) == "UNAUTHENTICATED"
    assert answer(await login(api, "zhang.san", PASSWORD))[0] == "INVALID_CREDENTIALS"


async def test_a_token_names_the_user_and_nothing_else(api: Api, build: Builder, settings: Settings) -> None:
    await build.admin()
    payload = await login(api, "root.admin", PASSWORD)
    claims = jwt.decode(payload["token"], options={"verify_signature": False})
    assert set(claims) == {"sub", "iat", "exp", "jti"}
    assert claims["exp"] - claims["iat"] == settings.token_minutes * 60
    assert datetime.fromisoformat(payload["expiresAt"]).timestamp() == pytest.approx(claims["exp"], abs=1)


# --- operation limits and error shapes ----------------------------------------------------------------


def nested_parents(levels: int) -> str:
    return "{ organizations { nodes { " + "parent { " * levels + "id" + " }" * levels + " } } }"


async def test_a_query_deeper_than_the_limit_is_refused(api: Api, build: Builder, settings: Settings) -> None:
    token = build.token(await build.user("zhang.san"))
    within = await api.post(nested_parents(settings.max_query_depth - 3), token=token)
    assert "errors" not in within, within
    body = await api.post(nested_parents(settings.max_query_depth), token=token)
    assert top_code(body) == "QUERY_TOO_DEEP" and body["data"] is None


async def test_the_depth_limit_is_configurable(
    settings: Settings, engine: AsyncEngine, sessions: SessionFactory
) -> None:
    async with custom_api(settings, engine, sessions, max_query_depth=3) as api:
        assert top_code(await api.post(nested_parents(2))) == "QUERY_TOO_DEEP"


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


async def test_too_many_aliases_are_refused(api: Api, settings: Settings) -> None:
    assert await api.data(aliased(settings.max_aliases)) == {f"a{i}": "Query" for i in range(settings.max_aliases)}
    body = await api.post(aliased(settings.max_aliases + 1))
    assert top_code(body) == "TOO_MANY_ALIASES" and body["data"] is None


def with_tokens(count: int) -> str:
    # `{ nodes ( ids : [ ... ] ) { id } }` is 11 tokens around the list of ids (commas are not tokens).
    return "{ nodes(ids: [" + ", ".join(['"x"'] * (count - 11)) + "]) { id } }"


async def test_too_many_tokens_are_refused(api: Api, settings: Settings) -> None:
    # Below the limit the query parses and runs (then asks for a token); graphql-core counts the end of the
    # document as a token too, so a document of max_tokens tokens is already one too many.
    assert top_code(await api.post(with_tokens(settings.max_tokens - 1))) == "UNAUTHENTICATED"
    body = await api.post(with_tokens(settings.max_tokens))
    assert top_code(body) == "TOO_MANY_TOKENS" and body["data"] is None


@pytest.mark.parametrize("first", [101, -1])
async def test_a_page_size_out_of_range_is_refused(api: Api, build: Builder, first: int) -> None:
    token = build.token(await build.user("zhang.san"))
    body = await api.post("query($n: Int){ organizations(first: $n) { totalCount } }", {"n": first}, token=token)
    assert top_code(body) == "INVALID_PAGE_SIZE" and body["data"] is None
    assert (await api.data("{ organizations(first: 100) { totalCount } }", token=token))["organizations"] is not None


async def test_get_runs_queries_but_never_mutations(client: httpx.AsyncClient, build: Builder) -> None:
    user = await build.user("zhang.san")
    query = await client.get("/graphql", params={"query": ME}, headers={"authorization": f"Bearer {build.token(user)}"})
    assert query.status_code == 200 and query.json() == {"data": {"me": {"username": "zhang.san"}}}
    mutation = 'mutation { login(input: {username: "zhang.san", password: "x"}) { token } }'
    refused = await client.get("/graphql", params={"query": mutation})
    assert 400 <= refused.status_code < 500
    assert await build.count(AuditRecord) == 0 and await build.count(SignInThrottle) == 0


async def test_batched_requests_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=[{"query": "{ __typename }"}, {"query": "{ __typename }"}])
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ me { ", "GRAPHQL_PARSE_FAILED"), ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED")],
    ids=["syntax", "validation"],
)
async def test_a_broken_query_gets_a_coded_error(api: Api, query: str, code: str) -> None:
    body = await api.post(query)
    assert top_code(body) == code and body["data"] is None


@asynccontextmanager
async def broken_database() -> AsyncIterator[Any]:
    raise RuntimeError("connection refused by db-7.internal:5432")
    yield  # pragma: no cover - makes this an async generator


async def test_an_unexpected_exception_is_masked(settings: Settings, engine: AsyncEngine) -> None:
    app = create_app(settings, engine=engine, sessions=broken_database)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        response = await client.post("/graphql", json={"query": LOGIN, "variables": {"u": "zhang.san", "p": WRONG}})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "db-7" not in response.text and "RuntimeError" not in response.text


# --- endpoints and the production profile -------------------------------------------------------------


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "migrations": "current"}


async def test_readyz_says_unavailable_without_a_database(settings: Settings, engine: AsyncEngine) -> None:
    app = create_app(settings, engine=engine, sessions=broken_database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://zhdj.test") as client:
        assert (await client.get("/healthz")).status_code == 200
        ready = await client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["status"] == "unavailable"


async def test_development_serves_graphiql_and_introspection(api: Api) -> None:
    page = await api.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert (await api.data("{ __schema { queryType { name } } }"))["__schema"] == {"queryType": {"name": "Query"}}


async def test_production_hides_graphiql_introspection_and_suggestions(
    settings: Settings, engine: AsyncEngine, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Production turns suggestions off process-wide; put the limit back for the tests that follow.
    monkeypatch.setattr(import_module("graphql.pyutils.did_you_mean"), "MAX_LENGTH", 5)
    async with custom_api(settings, engine, sessions, environment=Environment.PRODUCTION) as api:
        page = await api.client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code >= 400 and "graphiql" not in page.text.lower()
        body = await api.post("{ __schema { queryType { name } } }")
        assert top_code(body) == "GRAPHQL_VALIDATION_FAILED" and body["data"] is None
        body = await api.post("{ organizationz }")
        assert top_code(body) == "GRAPHQL_VALIDATION_FAILED"
        assert "organizations" not in body["errors"][0]["message"]
        assert (await api.client.get("/healthz")).status_code == 200
