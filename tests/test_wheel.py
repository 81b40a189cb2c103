"""The package works installed, outside a checkout: a wheel built from this tree carries its
migrations and front-end assets, migrates a database and imports content from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.topics import write_small_curriculum

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel, installed (without dependencies: those are this venv's) into a folder of its
    own."""
    work = tmp_path_factory.mktemp("wheel")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        str(ROOT),
        "-w",
        str(work / "dist"),
    )
    (wheel,) = (work / "dist").glob("tutor-*.whl")
    run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--target",
        str(work / "site"),
        str(wheel),
    )
    return work


def test_the_wheel_ships_migrations_templates_and_assets(installed: Path) -> None:
    (wheel,) = (installed / "dist").glob("tutor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tutor/_migrations/env.py" in names
    assert any(
        n.startswith("tutor/_migrations/versions/") and n.endswith("_initial.py") for n in names
    )
    assert "tutor/web/templates/base.html" in names and "tutor/web/static/app.css" in names
    if (ROOT / "tutor/web/static/vendor/katex").is_dir():  # copied by `make assets`
        assert "tutor/web/static/vendor/katex/katex.min.js" in names


def test_an_installed_wheel_migrates_and_imports_content_from_any_folder(
    installed: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(installed / "site"),
        "TUTOR_INSTANCE_DIR": str(tmp_path / "instance"),
    }
    env.pop("TUTOR_DATABASE_URL", None)
    tutor = [sys.executable, "-c", "from tutor.cli import main; main()"]
    where = run(sys.executable, "-c", "import tutor; print(tutor.__file__)", env=env, cwd=tmp_path)
    assert where.stdout.startswith(str(installed / "site"))  # not this checkout's package
    assert "at revision" in run(*tutor, "db", "upgrade", env=env, cwd=tmp_path).stdout
    content = write_small_curriculum(tmp_path / "content")
    imported = run(*tutor, "content", "import", str(content), env=env, cwd=tmp_path)
    assert "3 added" in imported.stdout, imported.stdout
