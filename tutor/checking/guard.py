"""Run slow SymPy work in a separate process that can be killed when its time is up.

SymPy cannot be interrupted inside a thread, and signal.alarm only works in the main thread, so
the exact fallback (simplify, solveset, factor...) runs in worker processes started with
`python -m tutor.checking.worker`. A worker that overruns its budget is killed and replaced; the
web worker that asked only waits `timeout` seconds. Workers are per process id, so a gunicorn
worker forked from a preloaded master starts its own instead of sharing the master's pipes.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

MAX_WORKERS = 2
STARTUP_SECONDS = 30.0
_HEADER = struct.Struct("!I")


class BudgetExceeded(Exception):
    """The work did not finish within its time budget."""


class WorkerFailed(Exception):
    """The worker died or raised; the message says why."""


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = _package_root() + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen([sys.executable, "-m", "tutor.checking.worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env)
        self.ready = False

    def _read_exact(self, size: int, deadline: float) -> bytes:
        chunks, remaining = [], size
        fd = self.proc.stdout.fileno()
        while remaining:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise BudgetExceeded()
            chunk = os.read(fd, remaining)
            if not chunk:
                raise WorkerFailed("worker exited")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def wait_ready(self) -> None:
        if not self.ready:
            if self._read_exact(1, time.monotonic() + STARTUP_SECONDS) != b"R":
                raise WorkerFailed("worker did not start")
            self.ready = True

    def call(self, op: str, args: tuple, timeout: float):
        self.wait_ready()
        body = pickle.dumps((op, args), protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(_HEADER.pack(len(body)) + body)
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        size = _HEADER.unpack(self._read_exact(_HEADER.size, deadline))[0]
        ok, result = pickle.loads(self._read_exact(size, deadline))
        if not ok:
            raise WorkerFailed(result)
        return result

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()


class _Pool:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.idle: list[_Worker] = []
        self.count = 0
        self.cond = threading.Condition()

    def acquire(self, deadline: float) -> _Worker:
        with self.cond:
            while not self.idle and self.count >= MAX_WORKERS:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    raise BudgetExceeded()
                self.cond.wait(wait)
            if self.idle:
                return self.idle.pop()
            self.count += 1
        try:
            return _Worker()
        except OSError as exc:
            self.discard()
            raise WorkerFailed(str(exc)) from None

    def release(self, worker: _Worker) -> None:
        with self.cond:
            self.idle.append(worker)
            self.cond.notify()

    def discard(self) -> None:
        with self.cond:
            self.count -= 1
            self.cond.notify()

    def prestart(self) -> None:
        with self.cond:
            if self.idle or self.count >= MAX_WORKERS:
                return
            self.count += 1
        try:
            worker = _Worker()
        except OSError:
            self.discard()
            return
        self.release(worker)


_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _get_pool() -> _Pool:
    global _pool
    with _pool_lock:
        if _pool is None or _pool.pid != os.getpid():
            _pool = _Pool()
        return _pool


def warm_up() -> None:
    """Start a worker in the background so the first slow check does not pay for its start."""
    _get_pool().prestart()


def run_guarded(op: str, args: tuple, timeout: float):
    """Run `worker.OPERATIONS[op](*args)` in a worker; BudgetExceeded after `timeout` seconds."""
    return run_timed(op, args, timeout)[0]


def run_timed(op: str, args: tuple, timeout: float) -> tuple[object, float]:
    """Like run_guarded, and also say how long we waited for a worker to start.

    Starting a worker (importing SymPy) is a one-off cost of the process, not of this check, so
    the time budget does not count it.
    """
    pool = _get_pool()
    worker = pool.acquire(time.monotonic() + timeout)
    started = time.monotonic()
    try:
        worker.wait_ready()
        waited = time.monotonic() - started
        result = worker.call(op, args, max(timeout, 0.001)), waited
    except (BudgetExceeded, WorkerFailed, OSError, EOFError, pickle.PickleError):
        worker.kill()
        pool.discard()
        pool.prestart()  # the replacement warms up while the caller moves on
        raise
    pool.release(worker)
    return result
