"""Is this frame a part at all? A blank, a noise or a tiny frame must not be inspected as one.

A classifier only knows OK or defect: shown a grey card, a covered lens or
sensor noise, it answers one of the two with confidence. These checks run
before the models and are cheap (a centre crop of at most 512 x 512 px):

- too small: either side below ``min_side`` px (a 1x1 image, a broken crop);
- blank: the grey-level spread (standard deviation) below ``min_std``;
- noise: neighbouring pixels unrelated to each other (the lower of the
  horizontal and vertical lag-1 correlations below ``min_neighbour_correlation``).
  Camera images of real parts are smooth at the pixel scale: on the shipped
  demo images and on every image of the four data sets it is 0.50 or more
  (magnetic tiles), while uniform, Gaussian and salt-and-pepper noise give 0.00 +/- 0.01.
"""

from __future__ import annotations

import cv2
import numpy as np

from station.core.recipe import PartCheck

CROP = 512  # the statistics are taken on a centre crop this size at most: bounded cost on any frame


def _centre(image: np.ndarray) -> np.ndarray:
    """The centre crop (at most CROP x CROP), taken before any conversion so a large frame costs no more."""
    height, width = image.shape[:2]
    top, left = max(0, (height - CROP) // 2), max(0, (width - CROP) // 2)
    return image[top : top + CROP, left : left + CROP]


def _grey(image: np.ndarray) -> np.ndarray | None:
    """The image as float32 grey levels on the 0-255 scale, or None when it is not an image."""
    if image.ndim == 3 and image.shape[2] in (3, 4) and image.dtype == np.uint8:
        grey = cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_BGR2GRAY).astype(np.float32)
    elif image.ndim == 3 and image.shape[2] in (1, 3, 4):
        channels = image[..., :3].astype(np.float32)
        grey = channels.mean(axis=2) if channels.shape[2] == 3 else channels[..., 0]
    elif image.ndim == 2:
        grey = image.astype(np.float32)
    else:
        return None
    if image.dtype == np.uint16:
        grey /= 257.0
    return grey


def neighbour_correlation(grey: np.ndarray) -> float:
    """The lower of the lag-1 correlations along rows and along columns (1.0: smooth, 0.0: noise)."""
    centred = grey - np.float32(grey.mean())
    variance = float(np.dot(centred.ravel(), centred.ravel())) / centred.size
    if variance <= 0.0:
        return 1.0
    across = float(np.einsum("ij,ij->", centred[:, :-1], centred[:, 1:])) / (centred.shape[0] * (centred.shape[1] - 1))
    down = float(np.einsum("ij,ij->", centred[:-1, :], centred[1:, :])) / ((centred.shape[0] - 1) * centred.shape[1])
    return float(min(across, down) / variance)


def not_a_part_reason(image_bgr: np.ndarray, settings: PartCheck | None = None) -> str | None:
    """Why this frame is not a part ("not a part: blank frame (std 0.0 below 2.0)"), or None when it may be one."""
    settings = settings or PartCheck()
    if not settings.enabled:
        return None
    if not isinstance(image_bgr, np.ndarray) or image_bgr.size == 0:
        return "not a part: empty image"
    if image_bgr.ndim not in (2, 3):
        return f"not a part: not an image (array of shape {tuple(image_bgr.shape)})"
    height, width = image_bgr.shape[:2]
    if min(height, width) < settings.min_side:
        return f"not a part: image too small ({width}x{height} px, the minimum is {settings.min_side} a side)"
    crop = _grey(_centre(image_bgr))
    if crop is None:
        return f"not a part: not an image (array of shape {tuple(image_bgr.shape)})"
    if not np.isfinite(crop).all():
        return "not a part: the image holds invalid (NaN or infinite) values"
    std = float(np.sqrt(max(0.0, float(np.var(crop, dtype=np.float64)))))
    if std < settings.min_std:
        return f"not a part: blank frame (std {std:.1f} below {settings.min_std:g})"
    if min(crop.shape) >= 2:
        correlation = neighbour_correlation(crop)
        if correlation < settings.min_neighbour_correlation:
            return (
                f"not a part: noise (neighbour correlation {correlation:.2f} "
                f"below {settings.min_neighbour_correlation:g})"
            )
    return None
