"""Finding the cameras a station can use: GigE Vision through Aravis, USB through OpenCV."""

from __future__ import annotations

import glob
import sys
from typing import Any

from station.capture.base import SourceError


def list_usb_cameras(max_index: int = 8) -> list[dict[str, Any]]:
    """USB/UVC cameras OpenCV can open, as ``usb:N`` URIs (on Linux only /dev/video* are probed)."""
    import cv2

    if sys.platform.startswith("linux"):
        indices = sorted(int(p.removeprefix("/dev/video")) for p in glob.glob("/dev/video*") if p[10:].isdigit())
    else:
        indices = list(range(max_index))
    found = []
    for index in indices:
        capture = cv2.VideoCapture(index)
        try:
            if capture.isOpened():
                found.append(
                    {
                        "uri": f"usb:{index}",
                        "width": int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                        "height": int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                        "fps": float(capture.get(cv2.CAP_PROP_FPS)),
                    }
                )
        finally:
            capture.release()
    return found


def list_cameras() -> dict[str, Any]:
    """Every camera found, and why a kind could not be searched."""
    from station.capture.gige import list_gige_cameras

    result: dict[str, Any] = {"gige": [], "usb": [], "notes": []}
    try:
        result["gige"] = [{**cam, "uri": f"gige:{cam['address'] or cam['id']}"} for cam in list_gige_cameras()]
    except SourceError as exc:
        result["notes"].append(str(exc))
    result["usb"] = list_usb_cameras()
    return result
