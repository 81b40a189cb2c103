"""Front-end libraries installed from the npm registry by the build, served from node_modules.

Only the listed packages' distribution folders are exposed, so the page never needs the network.
"""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from tutor.config import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
PACKAGES = {"katex": "dist", "uplot": "dist", "cytoscape": "dist", "cytoscape-dagre": "dist"}

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/<package>/<path:filename>")
def asset(package: str, filename: str) -> Response:
    if package not in PACKAGES:
        abort(404)
    response = send_from_directory(NODE_MODULES / package / PACKAGES[package], filename, max_age=86400)
    return response


def available(package: str) -> bool:
    return (NODE_MODULES / package / PACKAGES[package]).is_dir()
