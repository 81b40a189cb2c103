"""Benchmark tutor.checking against the naive baseline (parse_expr + simplify(a - b) == 0).

Both run over the same corpus, the table of tests/checking/checking_cases.py, in one run. Prints
median and p99 time per answer test, both accuracies, wrong answers accepted, the hostile-input
times, and a markdown section for docs/benchmarks.md.

    python bench/checking.py [--markdown PATH] [--write] [--naive-timeout 5]

The baseline evaluates text with parse_expr (safe here: the corpus is ours) and simplify can run
for minutes, so each case runs under signal.setitimer; a case past its timeout counts as
rejected and is charged the timeout.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import platform
import signal
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_cases():
    path = ROOT / "tests" / "checking" / "checking_cases.py"
    spec = importlib.util.spec_from_file_location("checking_cases", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["checking_cases"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module.CASES, module.HOSTILE


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def accepted_ok(case, accepted: bool) -> bool:
    return accepted == case.should_accept


# ours ----------------------------------------------------------------------------
def time_ours(case, caches) -> tuple[float, bool, float]:
    """(wall seconds, accepted, CPU seconds of this process)."""
    from tutor.checking import check_answer

    for cache in caches:
        cache.cache_clear()
    cpu, start = time.process_time(), time.perf_counter()
    verdict = check_answer(case.response, case.expected, case.test, case.options)
    return (
        time.perf_counter() - start,
        verdict.valid and verdict.correct,
        time.process_time() - cpu,
    )


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def time_naive(case, limit: float) -> tuple[float, bool, float]:
    """The baseline: SymPy's parse_expr (which evaluates text as Python: our own corpus only)
    and simplify(a - b) == 0, stopped by SIGALRM after `limit` seconds."""
    from sympy import simplify
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    transformations = standard_transformations + (implicit_multiplication_application, convert_xor)
    expected = case.expected if isinstance(case.expected, str) else ";".join(case.expected)
    cpu, start = time.process_time(), time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        a = parse_expr(case.response, transformations=transformations)
        b = parse_expr(expected, transformations=transformations)
        ok = bool(simplify(a - b) == 0)
    except BaseException:
        ok = False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return min(time.perf_counter() - start, limit), ok, min(time.process_time() - cpu, limit)


def run_both(cases, limit: float) -> tuple[list, list, list]:
    """Each case through ours (its answer caches cleared; and with only the expected answer
    cached, as in service) and then the baseline, one case after another, so that all meet the
    same machine load."""
    from sympy.core.cache import clear_cache

    from tutor.checking import MathSyntaxError, check_answer, quick, warm_up
    from tutor.checking.case import parse_expected, read_expected
    from tutor.checking.modular import compile_modular
    from tutor.checking.numeric import compile_complex, compile_exact

    signal.signal(signal.SIGALRM, _alarm)
    warm_up()
    for case in cases:  # warm-up pass: imports, the exact worker, SymPy's lazy modules
        check_answer(case.response, case.expected, case.test, case.options)
    compiled = [compile_exact, compile_complex, compile_modular]
    ours, service, naive = [], [], []
    for case in cases:
        # SymPy's own cache is cleared before every timed run, so that no run finds the objects
        # of the one before it. In service the expected answer of a variant is parsed once, for
        # every learner: that run parses it untimed, then checks a response never seen before.
        clear_cache()
        parse_expected.cache_clear()
        quick.read.cache_clear()
        declared = frozenset(case.options.get("variables") or ())
        with contextlib.suppress(MathSyntaxError, TypeError):
            read_expected(case.expected, declared)
            quick.read(case.expected, declared, author=True)  # the fast path's reading of it
        service.append(time_ours(case, compiled))
        clear_cache()
        ours.append(time_ours(case, compiled + [parse_expected, quick.read]))
        clear_cache()
        naive.append(time_naive(case, limit))
    return ours, service, naive


# report --------------------------------------------------------------------------
def summarise(cases, ours, naive) -> list[dict]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        groups[case.test].append(index)
    rows = []
    for test in sorted(groups) + ["all"]:
        idx = list(range(len(cases))) if test == "all" else groups[test]
        row = {"test": test, "n": len(idx)}
        for name, results in (("ours", ours), ("naive", naive)):
            times = [results[i][0] * 1000 for i in idx]
            row[f"{name}_median"] = statistics.median(times)
            row[f"{name}_p99"] = percentile(times, 0.99)
            row[f"{name}_total"] = sum(times)
            row[f"{name}_acc"] = sum(accepted_ok(cases[i], results[i][1]) for i in idx) / len(idx)
            row[f"{name}_false_accepts"] = sum(
                results[i][1] and not cases[i].should_accept for i in idx
            )
        rows.append(row)
    return rows


def hostile_times(hostile) -> tuple[float, int]:
    from tutor.checking import check_answer

    worst, invalid = 0.0, 0
    for text in hostile:
        start = time.perf_counter()
        verdict = check_answer(text, "x")
        worst = max(worst, time.perf_counter() - start)
        invalid += not verdict.valid
    return worst * 1000, invalid


def markdown(rows, hostile, timeout, service, cpu) -> str:
    total = rows[-1]
    service_ms = [t[0] * 1000 for t in service]
    cpu_ours, cpu_naive = (statistics.median(t[2] * 1000 for t in results) for results in cpu)
    lines = [
        (
            f"Corpus: {total['n']} cases from tests/checking/checking_cases.py, every answer test; "
            f"Python {platform.python_version()}, {platform.machine()}, one process. Ours: "
            "check_answer after a warm-up pass, its caches cleared before each case. Naive: SymPy "
            "parse_expr + simplify(a - b) == 0 on the same cases, each case right after ours "
            f"(timeout {timeout:g} s, charged in full). SymPy's cache is cleared before every "
            "timed run. "
            "Accuracy: accept/reject agrees with the table; false accepts: wrong answers accepted."
        ),
        "",
        (
            "| test | n | ours median ms | ours p99 ms | naive median ms | naive p99 ms "
            "| ours acc | naive acc | ours false acc | naive false acc |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['test']} | {r['n']} | {r['ours_median']:.2f} | {r['ours_p99']:.1f} | "
            f"{r['naive_median']:.2f} | {r['naive_p99']:.1f} | {r['ours_acc']:.1%} | "
            f"{r['naive_acc']:.1%} | {r['ours_false_accepts']} | {r['naive_false_accepts']} |"
        )
    lines += [
        "",
        (
            "Speed-up over the corpus: "
            f"{total['naive_median'] / total['ours_median']:.1f}x by median,"
            f" {total['naive_total'] / total['ours_total']:.0f}x by total time "
            f"({total['ours_total'] / 1000:.2f} s against {total['naive_total'] / 1000:.2f} s)."
        ),
        (
            f"p99: {total['naive_p99'] / total['ours_p99']:.0f}x. Load average during the run: "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
        ),
        (
            f"In service (each variant's expected answer parsed once, by the cache, and every "
            f"response new): median {statistics.median(service_ms):.2f} ms, p99 "
            f"{percentile(service_ms, 0.99):.1f} ms, total {sum(service_ms) / 1000:.2f} s; "
            f"{total['naive_median'] / statistics.median(service_ms):.1f}x the naive median."
        ),
        (
            f"CPU time of this process (less sensitive to the machine's load than the wall times "
            f"above): median {cpu_ours:.2f} ms ours, {cpu_naive:.2f} ms naive, "
            f"{cpu_naive / cpu_ours:.1f}x."
        ),
        f"Hostile inputs: {hostile[1]}/{len(HOSTILE_LIST)} invalid, slowest {hostile[0]:.1f} ms.",
    ]
    return "\n".join(lines) + "\n"


HOSTILE_LIST: list[str] = []
TITLE = "Answer checking"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", type=Path, help="also write the markdown section here")
    parser.add_argument("--naive-timeout", type=float, default=5.0)
    parser.add_argument(
        "--write",
        action="store_true",
        help="replace this section of docs/benchmarks.md (bench/report.py)",
    )
    args = parser.parse_args()
    cases, hostile = load_cases()
    HOSTILE_LIST.extend(hostile)
    ours, service, naive = run_both(cases, args.naive_timeout)
    rows = summarise(cases, ours, naive)
    body = markdown(rows, hostile_times(hostile), args.naive_timeout, service, (ours, naive))
    text = (
        f"<!-- bench:checking -->\n## {TITLE}\n\n`python bench/checking.py` on "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}.\n\n{body.strip()}\n"
        "<!-- /bench:checking -->\n"
    )
    if args.write:
        from bench.report import write_section

        write_section("checking", TITLE, body)
    else:
        print(text)
    slow = sorted(range(len(cases)), key=lambda i: -ours[i][0])[:8]
    print("slowest of ours:")
    for i in slow:
        c = cases[i]
        print(f"  {ours[i][0] * 1000:8.1f} ms  {c.test}  {c.response!r} vs {c.expected!r}")
    if args.markdown:
        args.markdown.write_text(text)


if __name__ == "__main__":
    main()
