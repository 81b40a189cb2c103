"""The worker processes behind guard.run_guarded.

`python -m tutor.checking.worker FD` is a fork server: it imports SymPy once, then on each request
forks a worker, so a worker killed at the end of its budget is replaced in milliseconds instead
of a SymPy import's second. The parent sends one end of a fresh socket pair over the control
socket FD; the forked worker answers pickled (op, args) requests with (ok, result) on it.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import signal
import socket
import sys

from tutor.checking import guard
from tutor.checking.operations import OPERATIONS
from tutor.checking.wire import receive_message, send_message

MEMORY_LIMIT = 1536 * 1024 * 1024
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _serve(sock: socket.socket) -> None:
    """Answer (op, args) requests with (ok, result) until the parent closes the socket."""
    # Checks that run here do their exact work here: this process is killable.
    guard.mark_worker(OPERATIONS)
    while True:
        try:
            op, args = receive_message(sock)
        except (EOFError, OSError):
            return
        try:
            reply = (True, OPERATIONS[op](*args))
        except MemoryError:
            reply = (False, "out of memory")
        except Exception as exc:
            reply = (False, f"{type(exc).__name__}: {exc}")
        try:
            send_message(sock, reply)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            send_message(sock, (False, f"{type(exc).__name__}: {exc}"))


def _fork_worker(control: socket.socket, fd: int) -> None:
    pid = os.fork()
    if pid == 0:
        control.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        except (ValueError, OSError):
            pass
        _die_with_parent()
        with socket.socket(fileno=fd) as sock:
            _serve(sock)
        os._exit(0)
    os.close(fd)
    send_message(control, pid)


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    import tutor.checking.exact  # noqa: F401 - imports SymPy: the slow part, done once here

    send_message(control, "ready")
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            return
        if not fds:
            return  # the parent has gone
        _fork_worker(control, fds[0])


if __name__ == "__main__":
    main()
