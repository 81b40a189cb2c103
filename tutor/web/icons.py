"""The site's icon: ``/favicon.ico`` for browsers that ask for it by that fixed name.

Pages link ``static/favicon.svg`` (base.html); browsers and tools that ignore the link still
request ``/favicon.ico``, which answered 404 on every page. ``favicon.ico`` holds the same
picture rasterized at 16, 32 and 48 pixels (PNG images inside an ICO container).
"""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory
from werkzeug.wrappers import Response

bp = Blueprint("icons", __name__)

ICON_MAX_AGE = 7 * 24 * 3600  # an icon rarely changes; a week of caching spares a request per page


@bp.get("/favicon.ico")
def favicon() -> Response:
    return send_from_directory(
        current_app.static_folder or "static",
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=ICON_MAX_AGE,
    )
