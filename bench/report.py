"""Shared by the benchmarks: print a result section and keep it in docs/benchmarks.md.

Each benchmark owns one section between markers, so running one benchmark rewrites only its own
numbers and leaves the others in place.
"""

from __future__ import annotations

import platform
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\nEach section is written by the script named in it; run it again to refresh.\n"
)


def machine() -> str:
    import os

    return (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, numpy {numpy.__version__}, "
        f"{datetime.now(UTC):%Y-%m-%d}"
    )


def write_section(name: str, title: str, body: str) -> None:
    """Print the section and replace (or append) it in docs/benchmarks.md."""
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\n`python bench/{name}.py` on {machine()}.\n\n"
        f"{body.strip()}\n<!-- /bench:{name} -->"
    )
    print(section)
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else HEADER
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S
    )
    text = (
        pattern.sub(lambda _: section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section + "\n"
    )
    BENCHMARKS.write_text(text)


def replace_section(name: str, section: str) -> None:
    """Keep an already formatted section (with or without its markers) in docs/benchmarks.md."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    if not section.lstrip().startswith(start):
        section = f"{start}\n{section.strip()}\n{end}"
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else HEADER
    pattern = re.compile(rf"{re.escape(start)}.*?{re.escape(end)}", re.S)
    text = (
        pattern.sub(lambda _: section.strip(), text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section.strip() + "\n"
    )
    BENCHMARKS.write_text(text)


def percentile(values: list[float], q: float) -> float:
    return float(numpy.percentile(values, q))
