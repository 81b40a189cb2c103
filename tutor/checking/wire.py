"""Length-prefixed pickled messages between the web process and its checking workers."""

from __future__ import annotations

import pickle
import socket
import struct
from typing import Any

_HEADER = struct.Struct("!I")


def send_message(sock: socket.socket, payload: object) -> None:
    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(body)) + body)


def _receive_exact(sock: socket.socket, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive_message(sock: socket.socket) -> Any:
    """One message (whatever the other side sent); EOFError when the other side has gone."""
    header = _receive_exact(sock, _HEADER.size)
    body = _receive_exact(sock, _HEADER.unpack(header)[0]) if header else None
    if body is None:
        raise EOFError("connection closed")
    return pickle.loads(body)
