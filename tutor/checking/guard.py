"""Run slow SymPy work in a separate process that can be killed when its time is up.

SymPy cannot be interrupted inside a thread, and signal.alarm only works in the main thread, so
the exact fallback (simplify, solveset, factor...) and any check on an expression too large for
the fast path run in worker processes. A worker that overruns its budget is killed and replaced;
the web worker that asked only waits `timeout` seconds. Workers fork from a fork server
(`tutor.checking.worker`) that imported SymPy once, so a replacement starts in milliseconds.
Workers are per process id, so a gunicorn worker forked from a preloaded master starts its own.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tutor.checking.wire import receive_message, send_message

MAX_WORKERS = 2
STARTUP_SECONDS = 30.0
_worker_operations: dict[str, Callable] | None = None  # set in a worker process


class BudgetExceeded(Exception):
    """The work did not finish within its time budget."""


class WorkerFailed(Exception):
    """The worker died or raised; the message says why."""


def mark_worker(operations: dict[str, Callable]) -> None:
    """Called in a worker: its own guarded operations run inline (the parent can kill it)."""
    global _worker_operations
    _worker_operations = operations


def in_worker() -> bool:
    """Whether this process is a killable worker (where any check may run to its end)."""
    return _worker_operations is not None


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


class _ForkServer:
    """The process that imported SymPy once and forks workers on request."""

    def __init__(self) -> None:
        self.control, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = _package_root() + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tutor.checking.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self.ready = False
        self.lock = threading.Lock()

    def fork(self) -> tuple[socket.socket, int]:
        with self.lock:
            if not self.ready:
                if not select.select([self.control], [], [], STARTUP_SECONDS)[0]:
                    raise WorkerFailed("the fork server did not start")
                if receive_message(self.control) != "ready":
                    raise WorkerFailed("the fork server did not start")
                self.ready = True
            ours, theirs = socket.socketpair()
            try:
                socket.send_fds(self.control, [b"F"], [theirs.fileno()])
                pid = receive_message(self.control)
            finally:
                theirs.close()
        if not isinstance(pid, int):
            raise WorkerFailed("the fork server failed")
        return ours, pid


class _Worker:
    def __init__(self, server: _ForkServer) -> None:
        self.server = server
        self.sock: socket.socket | None = None
        self.pid = 0

    def wait_ready(self) -> None:
        if self.sock is None:
            try:
                self.sock, self.pid = self.server.fork()
            except (OSError, EOFError) as exc:
                raise WorkerFailed(f"no worker: {exc}") from None

    def call(self, op: str, args: tuple, timeout: float) -> Any:
        self.wait_ready()
        assert self.sock is not None
        send_message(self.sock, (op, args))
        if not select.select([self.sock], [], [], timeout)[0]:
            raise BudgetExceeded()
        # The reply is written whole right after the work ends: reading it takes no budget.
        ok, result = receive_message(self.sock)
        if not ok:
            raise WorkerFailed(result)
        return result

    def kill(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.sock is not None:
            self.sock.close()


class _Pool:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.server: _ForkServer | None = None
        self.idle: list[_Worker] = []
        self.count = 0
        self.cond = threading.Condition()

    def ensure_server(self) -> _ForkServer:
        with self.cond:
            if self.server is None or self.server.proc.poll() is not None:
                self.server = _ForkServer()  # imports SymPy in the background
            return self.server

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
            return _Worker(self.ensure_server())
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


_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _get_pool() -> _Pool:
    global _pool
    with _pool_lock:
        if _pool is None or _pool.pid != os.getpid():
            _pool = _Pool()
        return _pool


def warm_up() -> None:
    """Start the fork server in the background so the first slow check does not wait for it."""
    pool = _pool
    if pool is not None and pool.pid == os.getpid() and pool.server is not None:
        return  # started already (acquire() sees to it that it is still running before use)
    try:
        _get_pool().ensure_server()
    except OSError:
        pass  # the first guarded operation reports it


def run_guarded(op: str, args: tuple, timeout: float) -> Any:
    """Run `worker.OPERATIONS[op](*args)` in a worker; BudgetExceeded after `timeout` seconds."""
    return run_timed(op, args, timeout)[0]


def run_timed(op: str, args: tuple, timeout: float) -> tuple[object, float]:
    """Like run_guarded, and also say how long we waited for a worker to start.

    Starting the fork server (importing SymPy) is a one-off cost of the process, not of this
    check, so the time budget does not count it. Inside a worker the operation runs inline.
    """
    if _worker_operations is not None:
        return _worker_operations[op](*args), 0.0
    pool = _get_pool()
    worker = pool.acquire(time.monotonic() + timeout)
    started = time.monotonic()
    try:
        worker.wait_ready()
        waited = time.monotonic() - started
        result = worker.call(op, args, max(timeout, 0.001)), waited
    except (BudgetExceeded, WorkerFailed, OSError, EOFError, pickle.PickleError, ValueError):
        worker.kill()
        pool.discard()
        raise
    pool.release(worker)
    return result
