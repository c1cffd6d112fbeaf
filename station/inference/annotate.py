"""Drawing an inspection onto its image: heatmap, boxes, verdict. One annotator, one job.

Used wherever evidence is shown or kept (the app, saved overlays, reports), so
every view draws a result the same way.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from station.core.types import Inspection, Verdict

VERDICT_COLOURS = {Verdict.OK: (60, 170, 60), Verdict.NG: (40, 40, 220), Verdict.ERROR: (0, 160, 230)}  # BGR
BOX_COLOUR = (0, 215, 255)
# JET as a lookup table: cv2.LUT on a grey image costs a third of applyColorMap's price per call.
_JET = cv2.applyColorMap(np.arange(256, dtype=np.uint8).reshape(256, 1), cv2.COLORMAP_JET).reshape(256, 1, 3)


def heatmap_overlay(image_bgr: np.ndarray, heatmap: np.ndarray, alpha: float = 0.45) -> np.ndarray:
    """Blend the [0, 1] heatmap, upscaled smoothly to the image, in the JET colour map."""
    height, width = image_bgr.shape[:2]
    upscaled = cv2.resize(heatmap.astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC)
    grey = np.clip(upscaled * 255, 0, 255).astype(np.uint8)
    colours = cv2.LUT(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), _JET)
    return cv2.addWeighted(image_bgr, 1.0 - alpha, colours, alpha, 0.0)


def draw_detections(image_bgr: np.ndarray, inspection: Inspection) -> np.ndarray:
    out = image_bgr.copy()
    thickness = max(1, round(min(out.shape[:2]) / 250))
    for det in inspection.detections:
        x1, y1, x2, y2 = (round(v) for v in det.box)
        cv2.rectangle(out, (x1, y1), (x2, y2), BOX_COLOUR, thickness)
        label = f"{det.label} {det.confidence:.2f}"
        (tw, th), base = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thickness, thickness)
        top = max(y1 - th - base - 2, 0)
        cv2.rectangle(out, (x1, top), (x1 + tw + 4, top + th + base + 2), BOX_COLOUR, -1)
        cv2.putText(out, label, (x1 + 2, top + th + 1), cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thickness, (0, 0, 0), thickness)
    return out


def annotate(image_bgr: np.ndarray, inspection: Inspection, heatmap_alpha: float = 0.45) -> np.ndarray:
    """Image with heatmap, boxes and a verdict banner; never modifies ``image_bgr``."""
    out = image_bgr.copy()
    if inspection.heatmap is not None and heatmap_alpha > 0:
        out = heatmap_overlay(out, inspection.heatmap, heatmap_alpha)
    out = draw_detections(out, inspection)
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
    return out


def annotated_thumbnail(image_bgr: np.ndarray, inspection: Inspection, size: int) -> np.ndarray:
    """A small annotated picture, drawn at thumbnail size (shrinking first keeps it cheap per part)."""
    scale = size / max(image_bgr.shape[:2])
    if scale >= 1.0:
        return annotate(image_bgr, inspection)
    # Area averaging only pays for strong shrinking; for mild shrinking it costs six times linear's price.
    interpolation = cv2.INTER_AREA if scale < 0.5 else cv2.INTER_LINEAR
    small = cv2.resize(image_bgr, None, fx=scale, fy=scale, interpolation=interpolation)
    boxes = tuple(
        replace(d, box=(d.box[0] * scale, d.box[1] * scale, d.box[2] * scale, d.box[3] * scale))
        for d in inspection.detections
    )
    return annotate(small, replace(inspection, detections=boxes))
