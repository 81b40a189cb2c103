"""Every page names an icon, and /favicon.ico answers with a real, cacheable one."""

from __future__ import annotations

import struct


def test_favicon_ico_is_a_cacheable_icon(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.cache_control.max_age == 7 * 24 * 3600
    reserved, kind, count = struct.unpack("<HHH", response.data[:6])
    assert (reserved, kind) == (0, 1) and count >= 1  # an ICO directory, not an error page
    sizes = {response.data[6 + 16 * i] for i in range(count)}
    assert {16, 32} <= sizes


def test_pages_link_the_svg_icon(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
