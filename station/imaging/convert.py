"""Turning what files and cameras produce into the one layout the station works in: BGR uint8 H x W x 3."""

from __future__ import annotations

import cv2
import numpy as np

BAYER_TO_BGR = {
    "BayerRG8": cv2.COLOR_BayerRG2BGR,
    "BayerBG8": cv2.COLOR_BayerBG2BGR,
    "BayerGR8": cv2.COLOR_BayerGR2BGR,
    "BayerGB8": cv2.COLOR_BayerGB2BGR,
}


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


def buffer_to_bgr(data: bytes, width: int, height: int, pixel_format: str) -> np.ndarray:
    """A camera's raw image buffer (GenICam pixel format names) as BGR uint8; ValueError for other formats."""
    if pixel_format in ("Mono8", *BAYER_TO_BGR):
        plane = np.frombuffer(data, np.uint8, width * height).reshape(height, width)
        return cv2.cvtColor(plane, BAYER_TO_BGR[pixel_format]) if pixel_format in BAYER_TO_BGR else as_bgr8(plane)
    if pixel_format in ("Mono16", "Mono12", "Mono10"):
        bits = int(pixel_format[4:])
        wide = np.frombuffer(data, np.uint16, width * height).reshape(height, width)
        if bits < 16:  # replicate the top bits into the low ones: full scale stays full scale (1023 -> 65535)
            wide = ((wide << (16 - bits)) | (wide >> (2 * bits - 16))).astype(np.uint16)
        return as_bgr8(wide)
    if pixel_format in ("RGB8", "RGB8Packed"):
        return cv2.cvtColor(
            np.frombuffer(data, np.uint8, width * height * 3).reshape(height, width, 3), cv2.COLOR_RGB2BGR
        )
    if pixel_format in ("BGR8", "BGR8Packed"):
        return np.frombuffer(data, np.uint8, width * height * 3).reshape(height, width, 3).copy()
    raise ValueError(f"pixel format {pixel_format} is not supported")
