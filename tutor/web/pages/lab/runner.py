"""Run lab experiments outside the request thread: a small process pool with a time limit.

Why a process pool: a run is CPU-bound numpy plus a Python loop that holds the GIL, so running
it in a request thread would slow every other request of the same server process. Two worker
processes (the default) train a request's two networks side by side, so the largest allowed
pair answers in about a second instead of two; they run at a lower CPU priority (nice 10), so
the web server's own requests are served first while they work.

Requests take turns: the pool only ever holds the runs of one request, so the time limit
measures that request's own runs (not time spent queueing) and stopping the workers when it
is exceeded harms no other request. At most ``max_pending`` requests may wait or run; more are
answered "busy" at once, and a request that cannot get its turn within the time limit is
answered "busy" too, so a burst never queues without end. The settings caps keep every run
around a second of CPU (bench/lab.py), so the limit is a safety net.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from tutor.labs import LabResult, LabSettings, run_lab

# Lab runs yield the CPU to the web server's requests. os.nice itself is the workers'
# initializer: a function of ours would make each worker import its module, and with it the
# whole web package (Flask, SQLAlchemy): 2.5-4.5 s to start a worker instead of 0.5 s here.
WORKER_NICENESS = 10
LOWER_PRIORITY: dict[str, Any] = (
    {"initializer": os.nice, "initargs": (WORKER_NICENESS,)} if hasattr(os, "nice") else {}
)


class LabUnavailable(Exception):
    """The run could not be done now (busy, too slow, or the worker died); try again later."""


class LabRunner:
    def __init__(
        self, workers: int = 2, timeout: float = 10.0, max_pending: int = 4, cache_size: int = 128
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self._admitted = threading.BoundedSemaphore(max_pending)
        self._turn = threading.Lock()
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._cache: OrderedDict[LabSettings, LabResult] = OrderedDict()
        self._cache_size = cache_size

    def run_many(self, settings: Sequence[LabSettings]) -> list[LabResult]:
        """Results for every settings value, from the cache or computed in the pool together."""
        results = {s: cached for s in settings if (cached := self._cached(s)) is not None}
        missing = list(dict.fromkeys(s for s in settings if s not in results))
        if missing:
            results.update(zip(missing, self._compute_in_turn(missing)))
        return [results[s] for s in settings]

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None

    def _compute_in_turn(self, missing: list[LabSettings]) -> list[LabResult]:
        busy = LabUnavailable("the lab is busy with other runs; please try again shortly")
        if not self._admitted.acquire(blocking=False):
            raise busy
        try:
            if not self._turn.acquire(timeout=self.timeout):
                raise busy
            try:
                return self._compute(missing)
            finally:
                self._turn.release()
        finally:
            self._admitted.release()

    def _compute(self, missing: list[LabSettings]) -> list[LabResult]:
        deadline = time.monotonic() + self.timeout
        futures: list[Future[LabResult]] = [self._pool().submit(run_lab, s) for s in missing]
        try:
            results = [f.result(timeout=max(0.0, deadline - time.monotonic())) for f in futures]
        except FutureTimeout:
            self._kill_pool()
            raise LabUnavailable(
                f"the run took longer than {self.timeout:g} s and was stopped"
            ) from None
        except BrokenProcessPool:
            self._kill_pool()
            raise LabUnavailable("the lab worker stopped unexpectedly; please try again") from None
        for s, result in zip(missing, results):
            self._remember(s, result)
        return results

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: forking a threaded web server can copy held locks.
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=context,
                    **LOWER_PRIORITY,
                )
            return self._executor

    def _kill_pool(self) -> None:
        """Stop the workers now; a timed-out run would otherwise keep its core busy."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is None:
            return
        # ProcessPoolExecutor has no public way to stop a running task before Python 3.14.
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)

    def _cached(self, settings: LabSettings) -> LabResult | None:
        with self._lock:
            result = self._cache.get(settings)
            if result is not None:
                self._cache.move_to_end(settings)
            return result

    def _remember(self, settings: LabSettings, result: LabResult) -> None:
        with self._lock:
            self._cache[settings] = result
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
