"""Shared test fixtures: the real app over HTTP (ASGI), and a builder for orgs, users and grants."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.ids import to_global_id
from authz.actor import Actor, load_grants
from authz.models import RoleGrant
from authz.roles import Role
from domain.accounts.models import User
from domain.accounts.passwords import hash_password
from domain.accounts.tokens import issue_token
from domain.audit.models import AuditRecord
from domain.db import SessionFactory
from domain.orgs import service as orgs
from domain.orgs.models import Organization, OrgType
from domain.settings import Settings

PASSWORD = "Test@2026pass"


@lru_cache(maxsize=1)
def password_hash() -> str:
    # argon2 is slow on purpose; tests hash the shared password once.
    return hash_password(PASSWORD)


def gid(type_name: str, db_id: int | None) -> str:
    assert db_id is not None
    return to_global_id(type_name, db_id)


class Api:
    """Talks to /graphql like a client would."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        """The `data` of a response that must have no top-level errors."""
        body = await self.post(query, variables, token)
        assert not body.get("errors"), body
        return body["data"]


@dataclass
class Builder:
    sessions: SessionFactory
    settings: Settings
    _admin: Actor | None = None

    async def admin(self) -> Actor:
        if self._admin is None:
            user = await self.user("root.admin", grants=[(Role.ADMIN, None, True)])
            async with self.sessions() as session:
                self._admin = Actor(user_id=user.id, username=user.username, grants=await load_grants(session, user.id))  # type: ignore[arg-type]
        return self._admin

    async def org(
        self, name: str, type: OrgType = OrgType.BRANCH, parent: Organization | None = None, **fields: Any
    ) -> Organization:
        actor = await self.admin()
        async with self.sessions() as session, session.begin():
            return await orgs.create_org(
                session, actor=actor, parent_id=parent.id if parent else None, name=name, type=type, **fields
            )

    async def user(self, username: str, grants: list[tuple[Role, Organization | None, bool]] | None = None) -> User:
        async with self.sessions() as session, session.begin():
            user = User(username=username, display_name=username, password_hash=password_hash())
            session.add(user)
            await session.flush()
            assert user.id is not None
            for role, org, subtree in grants or []:
                session.add(
                    RoleGrant(user_id=user.id, role=role, organization_id=org.id if org else None, subtree=subtree)
                )
        return user

    def token(self, user: User) -> str:
        assert user.id is not None
        return issue_token(self.settings, user.id).token

    async def count(self, model: Any) -> int:
        async with self.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    async def audit_records(self) -> list[AuditRecord]:
        async with self.sessions() as session:
            return list((await session.execute(select(AuditRecord).order_by(AuditRecord.id))).scalars())  # type: ignore[arg-type]

    async def get_org(self, org_id: int | None) -> Organization:
        async with self.sessions() as session:
            org = await session.get(Organization, org_id)
            assert org is not None
            return org


@pytest.fixture
async def client(settings: Settings, engine: AsyncEngine, sessions: SessionFactory) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, engine=engine, sessions=sessions)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        yield client


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
def build(sessions: SessionFactory, settings: Settings) -> Builder:
    return Builder(sessions=sessions, settings=settings)
