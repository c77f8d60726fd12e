"""The server's scheduled round of the control center (domain.indicators.schedule): at start-up, then every
`ZHDJ_CENTER_TICK_MINUTES` (60 by default; 0 turns it off).

The round runs in a thread with its own event loop and engine: a whole tree's snapshot or scan is minutes
of Python work, which on the server's loop would stall every request for as long.
"""

import asyncio
import logging
from contextlib import suppress

from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.indicators.schedule import TickResult, tick
from domain.timeutil import today

SYSTEM = Caller(user_id=None, username="system:center-tick", client_address="scheduler")
log = logging.getLogger("zhdj.scheduler")


async def _tick(database_url: str) -> TickResult:
    engine = create_engine(database_url)
    try:
        return await audited(
            session_factory(engine), caller=SYSTEM, operation="centerTick", work=lambda s: tick(s, today=today())
        )
    finally:
        await engine.dispose()


def run_once(database_url: str) -> TickResult:
    """One round, on a loop of its own (the thread's, or the console's)."""
    return asyncio.run(_tick(database_url))


class Scheduler:
    def __init__(self, database_url: str, minutes: float) -> None:
        self.database_url = database_url
        self.minutes = minutes
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.minutes > 0:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                result = await asyncio.to_thread(run_once, self.database_url)
                if result.scan is not None:
                    log.info("center tick: %d snapshots, %d alerts", len(result.snapshots), result.scan.found)
            except Exception:  # a failed round is logged (and audited); the next one tries again
                log.exception("center tick failed")
            await asyncio.sleep(self.minutes * 60)
