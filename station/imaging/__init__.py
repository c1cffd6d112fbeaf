"""Image helpers shared by every layer: BGR conversion, resizing, heatmap blend, thumbnails.

One module low in the stack (above ``core``, below ``inference``), so capture,
inference, history and the app convert and draw pictures the same way instead
of each keeping its own copy. Plain NumPy and OpenCV: no Qt, no model code.
"""

from __future__ import annotations

from station.imaging.convert import BAYER_TO_BGR, ImageFormatError, as_bgr8, buffer_to_bgr
from station.imaging.geometry import LETTERBOX_FILL, Letterbox, fit_within, letterbox, resize_to, scale_image
from station.imaging.overlay import (
    BOX_COLOUR,
    VERDICT_COLOURS,
    annotate,
    draw_detections,
    heat_colours,
    heat_levels,
    heat_strength,
    heatmap_overlay,
    thumbnail,
)

__all__ = [
    "BAYER_TO_BGR",
    "BOX_COLOUR",
    "LETTERBOX_FILL",
    "VERDICT_COLOURS",
    "ImageFormatError",
    "Letterbox",
    "annotate",
    "as_bgr8",
    "buffer_to_bgr",
    "draw_detections",
    "fit_within",
    "heat_colours",
    "heat_levels",
    "heat_strength",
    "heatmap_overlay",
    "letterbox",
    "resize_to",
    "scale_image",
    "thumbnail",
]
