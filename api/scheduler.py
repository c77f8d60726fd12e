"""The server's scheduled round of the control center (domain.indicators.schedule): at start-up, then every
`ZHDJ_CENTER_TICK_MINUTES` (60 by default; 0 turns it off).

The round runs as a child process (`zhdj center tick`): at 50,000 orgs it is minutes of Python work
(bench/), which in the server's process would hold the interpreter's lock against every request for as
long. A child shares nothing with the requests but the database, and gives its memory back when done; the
server stops it if it shuts down mid-round (its transaction rolls back).
"""

import asyncio
import logging
import os
import sys
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
    """One round on a loop of its own (`zhdj center tick`)."""
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
            await self._round()
            await asyncio.sleep(self.minutes * 60)

    async def _round(self) -> None:
        env = {**os.environ, "ZHDJ_DATABASE_URL": self.database_url}
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "api.cli",
            "center",
            "tick",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await child.communicate()
        except asyncio.CancelledError:
            child.terminate()
            await child.wait()
            raise
        if child.returncode == 0:
            log.info("center round: %s", out.decode(errors="replace").strip())
        else:  # logged (and audited by the child); the next round tries again
            log.error("center round failed (%s): %s", child.returncode, err.decode(errors="replace").strip())
