"""Everything a cctvgeo map needs in the browser, inlined so the map works offline.

Folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs. A provincial office often
opens the map without internet, so cctvgeo maps link nothing: Leaflet's JavaScript and CSS
come from the ``xstatic-leaflet`` package (Leaflet 1.9.3, the version folium 0.20 links), its
images become ``data:`` URIs, and cctvgeo's own small helpers (``static/cctvgeo.js`` and
``static/cctvgeo.css``, real files shipped as package data) draw the layers, popups, legend
and the route-drawing tool.

The helpers never parse text from the data as HTML: every value is set with ``textContent``,
so a camera named ``<img src=x onerror=alert(1)>`` shows as those characters.
"""

from __future__ import annotations

import base64
import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

from cctvgeo._errors import CctvgeoError


def js_json(value: Any) -> str:
    r"""JSON text that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., which JSON and JavaScript read
    as the same characters, so a string holding ``</script>`` cannot end the element.

    Examples
    --------
    >>> js_json({"name": "</script><b>"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@functools.cache
def leaflet_files() -> tuple[str, str]:
    """Leaflet's CSS (images inlined as data URIs) and minified JavaScript, as text."""
    try:
        from xstatic.pkg import leaflet
    except ImportError:  # pragma: no cover - a declared dependency
        raise CctvgeoError(
            "Offline maps need the xstatic-leaflet package: pip install xstatic-leaflet"
        ) from None
    base = Path(leaflet.BASE_DIR)
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    for image in sorted((base / "images").glob("*.png")):
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        css = css.replace(f"url(images/{image.name})", f"url(data:image/png;base64,{data})")
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    # The source map is not shipped inline; drop the comment that points a debugger to it.
    js = js.replace("//# sourceMappingURL=leaflet.js.map", "")
    if "</script" in js.lower():  # pragma: no cover - checked for the shipped version
        raise CctvgeoError("leaflet.js cannot be inlined: it contains '</script'.")
    return css, js


@functools.cache
def cctvgeo_files() -> tuple[str, str]:
    """Cctvgeo's own CSS and JavaScript (``static/cctvgeo.css`` and ``static/cctvgeo.js``)."""
    static = resources.files("cctvgeo.maps").joinpath("static")
    css = static.joinpath("cctvgeo.css").read_text(encoding="utf-8")
    js = static.joinpath("cctvgeo.js").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - shipped files
        raise CctvgeoError("cctvgeo.js/cctvgeo.css cannot be inlined: they close their element.")
    return css, js
