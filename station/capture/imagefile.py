"""Reading image files the way a line produces them: odd formats, half-written or corrupt."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from station.imaging.convert import ImageFormatError, as_bgr8

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm"})


class ImageReadError(ValueError):
    """A file that is not a readable image; the message says why, for the operator."""


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def _is_truncated_jpeg(data: np.ndarray) -> bool:
    """True for JPEG bytes that stop before the end-of-image marker.

    OpenCV decodes such files with a grey lower part and only a warning; the
    station would then judge a part it never saw, so they are refused instead.
    """
    if data.size < 4 or data[0] != 0xFF or data[1] != 0xD8:
        return False
    tail = data[-4096:].tobytes().rstrip(b"\x00\r\n ")
    return not tail.endswith(b"\xff\xd9")


def read_image(path: Path) -> np.ndarray:
    """Decode ``path`` into BGR uint8 H x W x 3, or raise ImageReadError saying why.

    Reads the bytes first (works with any file name, unlike ``cv2.imread``) and
    decodes them unchanged, so grey, alpha and 16-bit files are normalised here
    rather than silently mangled by the decoder.
    """
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise ImageReadError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    if data.size == 0:
        raise ImageReadError(f"{path.name} is empty (0 bytes)")
    if _is_truncated_jpeg(data):
        raise ImageReadError(f"{path.name} is a truncated JPEG (no end-of-image marker): half-written or cut off")
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ImageReadError(f"{path.name} is not a readable image (corrupt, truncated or another format)")
    try:
        return as_bgr8(image)
    except ImageFormatError as exc:
        raise ImageReadError(f"{path.name}: {exc}") from exc
