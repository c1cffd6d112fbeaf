"""Resizing the way the station needs it: no aliasing of small defects, cheap thumbnails, ultralytics' letterbox."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

LETTERBOX_FILL = 114  # the grey ultralytics pads with


def resize_to(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize with area averaging when shrinking (no aliasing of small defects), bilinear when enlarging."""
    if image.shape[0] == height and image.shape[1] == width:
        return image
    shrinking = image.shape[0] * image.shape[1] > height * width
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(image, (width, height), interpolation=interpolation)


def scale_image(image: np.ndarray, scale: float) -> np.ndarray:
    """``image`` scaled by ``scale`` (at least one pixel a side) for display; unchanged at 1.0.

    Area averaging only pays for strong shrinking; for mild shrinking it costs six
    times bilinear's price, so a picture shown at half size or more is shrunk bilinearly.
    """
    if scale == 1.0:
        return image
    height, width = image.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 0.5 else cv2.INTER_LINEAR
    return cv2.resize(image, size, interpolation=interpolation)


def fit_within(image: np.ndarray, size: int) -> tuple[np.ndarray, float]:
    """``image`` shrunk so its longer side is at most ``size`` pixels (never enlarged), and the scale used."""
    scale = min(1.0, size / max(image.shape[:2]))
    return scale_image(image, scale), scale


@dataclass(frozen=True)
class Letterbox:
    """How a source image was placed into the network input, to map boxes back."""

    scale: float
    pad_left: int
    pad_top: int

    def to_source(self, boxes_xyxy: np.ndarray, width: int, height: int) -> np.ndarray:
        """Map network-input boxes back to source pixels, clipped to the image."""
        out = boxes_xyxy.astype(np.float32, copy=True)
        out[:, [0, 2]] = (out[:, [0, 2]] - self.pad_left) / self.scale
        out[:, [1, 3]] = (out[:, [1, 3]] - self.pad_top) / self.scale
        out[:, [0, 2]] = out[:, [0, 2]].clip(0, width)
        out[:, [1, 3]] = out[:, [1, 3]].clip(0, height)
        return out


def letterbox(image: np.ndarray, height: int, width: int) -> tuple[np.ndarray, Letterbox]:
    """Scale to fit, keeping the aspect ratio, and pad to (height, width) as ultralytics does."""
    h, w = image.shape[:2]
    scale = min(height / h, width / w)
    new_w, new_h = max(round(w * scale), 1), max(round(h * scale), 1)  # thin images keep a pixel
    if (new_w, new_h) != (w, h):
        image = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
    dw, dh = (width - new_w) / 2, (height - new_h) / 2
    top, bottom = round(dh - 0.1), round(dh + 0.1)
    left, right = round(dw - 0.1), round(dw + 0.1)
    fill = (LETTERBOX_FILL,) * 3
    padded = cv2.copyMakeBorder(image, top, bottom, left, right, cv2.BORDER_CONSTANT, value=fill)
    return padded, Letterbox(scale=scale, pad_left=left, pad_top=top)
