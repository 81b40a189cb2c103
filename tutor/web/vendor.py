"""Front-end libraries from the npm registry, served by the app so pages never need the network.

The build copies each listed package's distribution folder into ``static/vendor`` (``make
assets``), so they ship inside the wheel; in a checkout without that copy they are read from
``node_modules``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from tutor.config import PROJECT_ROOT

PACKAGED = Path(__file__).resolve().parent / "static" / "vendor"
NODE_MODULES = PROJECT_ROOT / "node_modules"
PACKAGES = {"katex": "dist", "uplot": "dist", "cytoscape": "dist", "cytoscape-dagre": "dist"}

bp = Blueprint("vendor", __name__)


def folder(package: str) -> Path:
    """Where the package's files are: the packaged copy, else the checkout's node_modules."""
    packaged = PACKAGED / package
    return packaged if packaged.is_dir() else NODE_MODULES / package / PACKAGES[package]


@bp.get("/vendor/<package>/<path:filename>")
def asset(package: str, filename: str) -> Response:
    if package not in PACKAGES:
        abort(404)
    return send_from_directory(folder(package), filename, max_age=86400)


def available(package: str) -> bool:
    return folder(package).is_dir()
