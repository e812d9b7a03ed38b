"""The skill's icons (108 and 512 pixels, PNG), drawn with Pillow: the web page's camera mark on blue."""

from __future__ import annotations

import io
from pathlib import Path

SMALL_ICON = Path("assets") / "images" / "en-US_smallIconUri.png"
LARGE_ICON = Path("assets") / "images" / "en-US_largeIconUri.png"
BACKGROUND = (29, 78, 216)
MARK = (255, 255, 255)


def icon_png(size: int) -> bytes:
    """A square PNG icon of `size` pixels (same bytes every time)."""
    from PIL import Image, ImageDraw  # Pillow: only when generating the package

    scale = 4  # drawn large, then scaled down: smooth edges
    big = size * scale
    image = Image.new("RGB", (big, big), BACKGROUND)
    draw = ImageDraw.Draw(image)
    unit = big / 24  # the 24-unit grid of skill/web/static/icon.svg's mark
    draw.rounded_rectangle([4 * unit, 7 * unit, 17 * unit, 17 * unit], radius=3 * unit, fill=MARK)
    draw.polygon(
        [(16 * unit, 10.2 * unit), (21 * unit, 7.4 * unit), (21 * unit, 16.6 * unit), (16 * unit, 13.8 * unit)],
        fill=MARK,
    )
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
