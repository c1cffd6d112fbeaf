"""Drawing an inspection onto its picture: heatmap, boxes, verdict banner, thumbnail. One function per job.

The app, saved overlays, the archive's thumbnails and the reports all call
these, so a part looks the same wherever it is shown or kept. Only the app's
conversion to a Qt pixmap stays in ``station.ui``.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from station.core.types import Inspection, Verdict
from station.imaging.geometry import fit_within

VERDICT_COLOURS = {Verdict.OK: (60, 170, 60), Verdict.NG: (40, 40, 220), Verdict.ERROR: (0, 160, 230)}  # BGR
BOX_COLOUR = (0, 215, 255)
# JET as a lookup table: cv2.LUT on a grey image costs a third of applyColorMap's price per call.
_JET = cv2.applyColorMap(np.arange(256, dtype=np.uint8).reshape(256, 1), cv2.COLORMAP_JET).reshape(256, 1, 3)


def heat_levels(heatmap: np.ndarray) -> np.ndarray:
    """A [0, 1] heatmap as uint8 levels 0..255: how it is coloured, and how the archive stores it."""
    return np.clip(heatmap * 255.0, 0, 255).astype(np.uint8)


def heat_colours(heatmap: np.ndarray, height: int, width: int) -> np.ndarray:
    """The [0, 1] heatmap upscaled smoothly to ``height`` x ``width`` in the JET colour map (BGR uint8).

    The few-pixel map is turned into bytes before it is upscaled, so the cubic upscaling
    runs on uint8 rather than float32 (a third of the cost on a camera-sized picture); the
    rounding moves a pixel by at most one step of the colour map (4 of 255 per channel).
    """
    upscaled = cv2.resize(heat_levels(heatmap), (width, height), interpolation=cv2.INTER_CUBIC)
    return cv2.LUT(cv2.cvtColor(upscaled, cv2.COLOR_GRAY2BGR), _JET)


def heatmap_overlay(image_bgr: np.ndarray, heatmap: np.ndarray, alpha: float = 0.45) -> np.ndarray:
    """``image_bgr`` with the heatmap blended in at ``alpha`` (0: the picture, 1: only the colour map)."""
    height, width = image_bgr.shape[:2]
    return cv2.addWeighted(image_bgr, 1.0 - alpha, heat_colours(heatmap, height, width), alpha, 0.0)


def heat_strength(inspection: Inspection) -> float:
    """How strongly to show a part's heatmap: fully on a flagged part, in proportion to score / threshold on a
    passed one.

    Grad-CAM is normalised per part, so even a clean part's map has a red peak somewhere; drawn at full
    strength on a PASS it tells the operator "defect here" when the model saw none. A part that nearly
    failed still shows where it nearly did.
    """
    if inspection.verdict is not Verdict.OK or inspection.defect_score is None or not inspection.threshold:
        return 1.0
    return float(min(1.0, max(0.0, inspection.defect_score / inspection.threshold)))


def draw_detections(image_bgr: np.ndarray, inspection: Inspection, labels: bool = True) -> np.ndarray:
    """A copy of ``image_bgr`` with each detection's box (and its label and confidence, when ``labels``)."""
    out = image_bgr.copy()
    thickness = max(1, round(min(out.shape[:2]) / 250))
    for det in inspection.detections:
        x1, y1, x2, y2 = (round(v) for v in det.box)
        cv2.rectangle(out, (x1, y1), (x2, y2), BOX_COLOUR, thickness)
        if not labels:
            continue
        label = f"{det.label} {det.confidence:.2f}"
        (tw, th), base = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thickness, thickness)
        top = max(y1 - th - base - 2, 0)
        cv2.rectangle(out, (x1, top), (x1 + tw + 4, top + th + base + 2), BOX_COLOUR, -1)
        cv2.putText(out, label, (x1 + 2, top + th + 1), cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thickness, (0, 0, 0), thickness)
    return out


def _banner(out: np.ndarray, inspection: Inspection) -> None:
    banner_h = max(18, out.shape[0] // 12)
    colour = VERDICT_COLOURS[inspection.verdict]
    cv2.rectangle(out, (0, 0), (out.shape[1], banner_h), colour, -1)
    text = inspection.verdict.value
    if inspection.defect_score is not None:
        text += f"  score {inspection.defect_score:.3f}"
    scale = banner_h / 30
    width = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)[0][0]
    scale *= min(1.0, (out.shape[1] - 8) / max(width, 1))  # the whole verdict fits, even on a thumbnail
    cv2.putText(out, text, (4, int(banner_h * 0.75)), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 1, cv2.LINE_AA)


def annotate(
    image_bgr: np.ndarray, inspection: Inspection, heatmap_alpha: float = 0.45, banner: bool = True
) -> np.ndarray:
    """The part with its heatmap (at ``heatmap_alpha`` x ``heat_strength``), boxes and, when ``banner``, the
    verdict across the top; never modifies ``image_bgr``."""
    out = image_bgr
    alpha = heatmap_alpha * heat_strength(inspection)
    if inspection.heatmap is not None and alpha > 0:
        out = heatmap_overlay(out, inspection.heatmap, alpha)
    out = draw_detections(out, inspection, labels=banner)
    if banner:
        _banner(out, inspection)
    return out


def thumbnail(
    image_bgr: np.ndarray, inspection: Inspection, size: int, heat_opacity: float = 0.45, banner: bool = True
) -> np.ndarray:
    """A part at most ``size`` pixels a side, drawn as ``annotate`` draws it, at thumbnail size.

    Shrinking first keeps it cheap per part; the boxes are scaled with the picture. ``banner=False``
    leaves out the verdict banner and the box labels, for a view that writes the score beside it.
    """
    small, scale = fit_within(image_bgr, size)
    if scale < 1.0:
        boxes = tuple(
            replace(d, box=(d.box[0] * scale, d.box[1] * scale, d.box[2] * scale, d.box[3] * scale))
            for d in inspection.detections
        )
        inspection = replace(inspection, detections=boxes)
    return annotate(small, inspection, heat_opacity, banner=banner)
