"""The Starlette app: /graphql (GraphiQL outside production), /healthz, /readyz and the Excel doors."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.context import Context, make_context
from api.excel import excel_routes
from api.scheduler import Scheduler
from api.schema import build_schema
from domain import migrate
from domain.db import SessionFactory, create_engine, session_factory
from domain.settings import Settings, get_settings


class ZhdjGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, sessions: SessionFactory) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,  # GET runs queries only; mutations need POST
            multipart_uploads_enabled=False,
        )
        self.settings = settings
        self.sessions = sessions

    async def get_context(self, request: Any, response: Any) -> Context:
        context = await make_context(request, self.settings, self.sessions)
        context.response = response
        return context


def create_app(
    settings: Settings | None = None, engine: AsyncEngine | None = None, sessions: SessionFactory | None = None
) -> Starlette:
    """The app for uvicorn (`create_app` as a factory) and for tests, which lend their own sessions."""
    settings = settings or get_settings()
    own_engine = engine is None and sessions is None
    engine = engine or create_engine(settings.database_url)
    sessions = sessions or session_factory(engine)
    if settings.is_production:
        # No "did you mean" hints that would map the schema for a prober. `import graphql.pyutils.did_you_mean`
        # would bind the function of that name (the package re-exports it), not the module holding the limit.
        suggestions: Any = import_module("graphql.pyutils.did_you_mean")
        suggestions.MAX_LENGTH = 0

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        try:
            async with sessions() as session:
                await session.execute(text("SELECT 1"))
            behind = await migrate.pending(engine)
        except Exception as error:  # noqa: BLE001 - any failure to reach the database means not ready
            return JSONResponse({"status": "unavailable", "database": type(error).__name__}, status_code=503)
        if behind:
            return JSONResponse({"status": "unavailable", "migrations": "pending"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok", "migrations": "current"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Everything loaded so far (modules, the schema, caches) lives as long as the process: frozen, the
        # garbage collector stops re-scanning it on every collection. bench/ measured a root-level
        # meetingCompliance spending 550-760 ms of 1.9 s in ~720 collections, and 1.1 s in all once frozen.
        gc.collect()
        gc.freeze()
        scheduler = Scheduler(settings.database_url, settings.center_tick_minutes)
        scheduler.start()
        yield
        await scheduler.stop()
        if own_engine:
            await engine.dispose()

    graphql = ZhdjGraphQL(settings, sessions)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *excel_routes(settings, sessions),
        ],
        lifespan=lifespan,
    )
