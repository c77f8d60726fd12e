"""One `make_context()` builds the request context for the app and the tests alike."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from authz.actor import Actor
from domain.accounts.service import load_actor
from domain.accounts.tokens import InvalidToken, read_token
from domain.audit import Caller
from domain.db import SessionFactory
from domain.personal_data import PersonalDataCipher
from domain.settings import Settings


@dataclass
class Context:
    settings: Settings
    sessions: SessionFactory
    actor: Actor | None
    client_address: str | None
    request_id: str
    # Why there is no actor although a token was sent (expired, malformed, account disabled).
    auth_problem: str | None = None
    loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)
    request: Request | None = None
    response: Any = None

    @property
    def cipher(self) -> PersonalDataCipher:
        return PersonalDataCipher.from_hex(self.settings.personal_data_key.get_secret_value())

    @property
    def caller(self) -> Caller:
        return Caller(
            user_id=self.actor.user_id if self.actor else None,
            username=self.actor.username if self.actor else None,
            client_address=self.client_address,
            request_id=self.request_id,
        )

    def require_actor(self) -> Actor:
        assert self.actor is not None, "guarded by the Authenticated permission"
        return self.actor


ZInfo = Info[Context, None]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def make_context(request: Request, settings: Settings, sessions: SessionFactory) -> Context:
    actor, problem = None, None
    token = bearer_token(request)
    if token:
        try:
            user_id = read_token(settings, token)
        except InvalidToken as error:
            problem = "令牌已过期，请重新登录" if "expired" in str(error).lower() else "令牌无效，请重新登录"
        else:
            async with sessions() as session:
                actor = await load_actor(session, user_id)
            if actor is None:
                problem = "账号不存在或已停用"
    return Context(
        settings=settings,
        sessions=sessions,
        actor=actor,
        client_address=request.client.host if request.client else None,
        request_id=request.headers.get("x-request-id") or uuid.uuid4().hex,
        auth_problem=problem,
        request=request,
    )
