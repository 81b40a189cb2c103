"""The worker process behind guard.run_guarded: read a request, run it, write the answer.

Protocol on stdin/stdout: one byte b"R" when ready, then length-prefixed pickles, requests
(op, args) and replies (ok, result). Only this package's parent process talks to it.
"""

from __future__ import annotations

import pickle
import resource
import struct
import sys

_HEADER = struct.Struct("!I")
MEMORY_LIMIT = 1536 * 1024 * 1024


def _read(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def main() -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    from tutor.checking.exact import OPERATIONS  # imports SymPy: the slow part of starting

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    stdout.write(b"R")
    stdout.flush()
    while True:
        header = _read(stdin, _HEADER.size)
        if header is None:
            return
        body = _read(stdin, _HEADER.unpack(header)[0])
        if body is None:
            return
        try:
            op, args = pickle.loads(body)
            reply = (True, OPERATIONS[op](*args))
        except MemoryError:
            reply = (False, "out of memory")
        except Exception as exc:  # noqa: BLE001 - report, never die: the parent decides
            reply = (False, f"{type(exc).__name__}: {exc}")
        out = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_HEADER.pack(len(out)) + out)
        stdout.flush()


if __name__ == "__main__":
    main()
