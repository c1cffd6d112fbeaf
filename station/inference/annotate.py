"""Drawing an inspection onto its image: kept here for callers of the old name.

The drawing itself lives in ``station.imaging.overlay`` (one heatmap blend, one
thumbnail for the app, the archive and saved overlays).
"""

from __future__ import annotations

import numpy as np

from station.core.types import Inspection
from station.imaging.overlay import BOX_COLOUR, VERDICT_COLOURS, annotate, draw_detections, heatmap_overlay, thumbnail

__all__ = ["BOX_COLOUR", "VERDICT_COLOURS", "annotate", "annotated_thumbnail", "draw_detections", "heatmap_overlay"]


def annotated_thumbnail(image_bgr: np.ndarray, inspection: Inspection, size: int) -> np.ndarray:
    """``station.imaging.thumbnail`` with the verdict banner: the archive's evidence thumbnail."""
    return thumbnail(image_bgr, inspection, size)
