"""Image normalisation and model input preparation, shared by training and the live path.

Training imports these same functions, so a model sees identically prepared
pixels when trained, when exported and when it runs on the line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from station.core.modelinfo import ModelInfo

LETTERBOX_FILL = 114  # the grey ultralytics pads with


class ImageFormatError(ValueError):
    """An array that cannot be turned into a BGR image."""


def as_bgr8(image: np.ndarray) -> np.ndarray:
    """Return ``image`` as contiguous BGR uint8 H x W x 3.

    Accepts what files and cameras really produce: grey (H x W or H x W x 1),
    BGRA, 16-bit and float images. Alpha is dropped; 16-bit is scaled by 1/257;
    floats are taken to be in [0, 1].
    """
    if not isinstance(image, np.ndarray) or image.size == 0:
        raise ImageFormatError("empty image")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ImageFormatError(f"unsupported image shape {image.shape}")
    if image.dtype == np.uint16:
        image = (image // 257).astype(np.uint8)
    elif image.dtype in (np.float32, np.float64):
        image = np.clip(np.nan_to_num(image) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise ImageFormatError(f"unsupported pixel type {image.dtype}")
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(image)


def resize_to(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize with area averaging when shrinking (no aliasing of small defects), bilinear when enlarging."""
    if image.shape[0] == height and image.shape[1] == width:
        return image
    shrinking = image.shape[0] * image.shape[1] > height * width
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(image, (width, height), interpolation=interpolation)


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


def normalisation_table(info: ModelInfo) -> np.ndarray:
    """3 x 256 float32: the normalised value of every uint8 level, per input channel (model order)."""
    return _table(info.scale, info.mean, info.std)


@functools.lru_cache(maxsize=16)
def _table(scale: float, mean: tuple[float, ...], std: tuple[float, ...]) -> np.ndarray:
    """Built once per model's normalisation, not once per part; read-only, as it is shared."""
    levels = np.arange(256, dtype=np.float32)[None] * np.float32(scale)
    levels = levels - np.asarray(mean, dtype=np.float32)[:, None]
    table = levels / np.asarray(std, dtype=np.float32)[:, None]
    table.flags.writeable = False
    return table


def to_tensor(image_bgr: np.ndarray, info: ModelInfo) -> np.ndarray:
    """Network-sized BGR uint8 -> normalised float32 1 x 3 x H x W in the model's colour order.

    Looks every pixel up in a 256-entry table per channel: the same float32 arithmetic as
    ``(x * scale - mean) / std`` done once per level instead of once per pixel (a 320 px
    detector input: ~0.8 ms instead of ~2.8 ms on one core).
    """
    table = normalisation_table(info)
    source_channels = (2, 1, 0) if info.color_order == "RGB" else (0, 1, 2)
    out = np.empty((1, 3, *image_bgr.shape[:2]), dtype=np.float32)
    for channel, source in enumerate(source_channels):
        np.take(table[channel], image_bgr[:, :, source], out=out[0, channel])
    return out


def prepare(image_bgr: np.ndarray, info: ModelInfo) -> tuple[np.ndarray, Letterbox]:
    """Everything between a source image and the network input, as the model's metadata says."""
    height, width = info.input_size
    if info.resize == "letterbox":
        placed, box = letterbox(image_bgr, height, width)
    else:
        placed = resize_to(image_bgr, height, width)
        box = Letterbox(scale=1.0, pad_left=0, pad_top=0)
    return to_tensor(placed, info), box
