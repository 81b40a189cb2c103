"""While hostile answers are being checked in the web process, /healthz still answers within 1 s
(issue 16, class 2). The checks run in threads of the serving process itself, as a threaded
server runs requests; a check that held the interpreter (a huge power computed in-process)
would stall every other request."""

from __future__ import annotations

import threading
import time
import urllib.request

from tutor.checking import check_answer

FREEZERS = [
    "(x^999+2^200)^1000",
    "(abs(x)^9999+1)^10000",
    "((x+1)^60+1)^60",
    "exp(9999)",
    "(2^4000*x+1)^200",
    "((((x+1)^9+1)^9+1)^9+1)^9",
]


def test_healthz_answers_while_hostile_checks_run(live_server: str) -> None:
    stop = threading.Event()
    checked: list[bool] = []

    def attack() -> None:
        while not stop.is_set():
            for response in FREEZERS:
                checked.append(
                    check_answer(response, "x+1", "FacForm", {"variables": ["x"]}).correct
                )

    attackers = [threading.Thread(target=attack, daemon=True) for _ in range(3)]
    for thread in attackers:
        thread.start()
    try:
        times = []
        for _ in range(5):
            started = time.monotonic()
            with urllib.request.urlopen(f"{live_server}/healthz", timeout=10) as reply:
                assert reply.status == 200
            times.append(time.monotonic() - started)
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=30)
    assert max(times) < 1.0, times
    assert not any(checked)
