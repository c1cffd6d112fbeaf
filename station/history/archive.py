"""Images kept as evidence: the part, a thumbnail with its overlays, and its heatmap, by day.

Layout ``ROOT/YYYY/MM/DD/<uid>.jpg`` (+ ``_thumb.jpg``, ``_heat.png``): pruning
by age deletes whole day folders and never touches the database records.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import cv2
import numpy as np

from station.core.types import Inspection
from station.imaging.overlay import heat_levels, thumbnail

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 224  # 38 mm on a report at 150 dpi


def _safe_name(uid: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in uid)


class ImageArchive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, uid: str, when: dt.datetime, image: np.ndarray, inspection: Inspection) -> tuple[str, str]:
        """Write the image, its annotated thumbnail and heatmap; returns (image, thumbnail) relative paths.

        Raises OSError when the disk refuses (full, read-only): the caller
        records the part without its picture and says so.
        """
        day = when.astimezone(dt.UTC).strftime("%Y/%m/%d")
        folder = self.root / day
        folder.mkdir(parents=True, exist_ok=True)
        stem = _safe_name(uid)
        image_rel = f"{day}/{stem}.jpg"
        thumb_rel = f"{day}/{stem}_thumb.jpg"
        _write(self.root / image_rel, image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        _write(self.root / thumb_rel, thumbnail(image, inspection, THUMBNAIL_SIZE), [])
        if inspection.heatmap is not None:
            _write(self.root / f"{day}/{stem}_heat.png", heat_levels(inspection.heatmap), [])
        return image_rel, thumb_rel

    def path(self, relative: str | None) -> Path | None:
        """The file for a stored relative path, or None when it was never kept or has been pruned."""
        if not relative:
            return None
        full = self.root / relative
        return full if full.is_file() else None

    def heatmap(self, image_relative: str | None) -> np.ndarray | None:
        """The stored heatmap in [0, 1] beside an archived image, if any."""
        if not image_relative:
            return None
        path = self.root / image_relative.replace(".jpg", "_heat.png")
        heat = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) if path.is_file() else None
        return None if heat is None else heat.astype(np.float32) / 255.0

    def prune(self, older_than_days: int, now: dt.datetime | None = None) -> int:
        """Delete day folders older than the retention; returns how many days were removed."""
        cutoff = ((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=older_than_days)).date()
        removed = 0
        for day_dir in sorted(self.root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]")):
            try:
                day = dt.date(int(day_dir.parent.parent.name), int(day_dir.parent.name), int(day_dir.name))
            except ValueError:
                continue
            if day < cutoff:
                shutil.rmtree(day_dir, ignore_errors=True)
                removed += 1
        return removed


def _write(path: Path, image: np.ndarray, params: list[int]) -> None:
    """Encode and write in one go (no temporary file and rename: files are written before their record,
    so a file cut short by a crash belongs to no record, and a rename per file costs as much as the write)."""
    ok, encoded = cv2.imencode(path.suffix, image, params)
    if not ok:
        raise OSError(f"cannot encode {path.name}")
    try:
        with open(path, "wb") as stream:
            stream.write(encoded.data)
    except OSError:
        path.unlink(missing_ok=True)  # a full disk must not leave a zero-byte picture behind
        raise
