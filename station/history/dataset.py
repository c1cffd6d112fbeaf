"""Reviewed parts as a training set, so the models learn what the line really sees.

Layout written to ``OUT``:

- ``ok/`` and ``defect/``: the classifier's folders. A false reject is an OK
  part the model got wrong; a confirmed or re-typed defect is a defect.
- ``yolo/images``, ``yolo/labels``, ``yolo/data.yaml``: the detector's boxes of
  confirmed defects (re-typed ones with the class the QA lead gave).
- ``hard.txt``: the file names the model got wrong (false rejects, wrong
  types); ``station train classifier --hard-list`` draws them more often.
- ``manifest.json``: where every image came from (inspection uid, decision).

Paths and names read from the database are not trusted: an ``image_path`` that
leaves the archive (``../`` segments, an absolute path) is refused and counted
as ``refused_paths``, and a recipe name becomes a file name only once sanitised.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import cv2
import yaml
from sqlalchemy import select

from station.core.recipe import safe_name
from station.history.archive import ImageArchive
from station.history.schema import inspections, reviews
from station.history.store import HistoryStore


def export_reviewed(
    store: HistoryStore,
    archive: ImageArchive,
    out: Path,
    class_names: list[str],
    since: dt.datetime | None = None,
) -> dict[str, int]:
    """Write the reviewed parts that still have their image; returns counts per folder."""
    latest = (
        select(reviews.c.inspection_uid, reviews.c.decision, reviews.c.correct_type, reviews.c.id)
        .order_by(reviews.c.inspection_uid, reviews.c.id)
        .subquery()
    )
    query = select(inspections, latest.c.decision, latest.c.correct_type).join(
        latest, latest.c.inspection_uid == inspections.c.uid
    )
    if since is not None:
        query = query.where(inspections.c.inspected_at >= since)
    with store.engine.connect() as connection:
        rows = list(connection.execute(query.order_by(inspections.c.inspected_at, latest.c.id)))
    decided: dict[str, Any] = {}
    for row in rows:  # the last decision on a part wins
        decided[row.uid] = row
    for sub in ("ok", "defect", "yolo/images", "yolo/labels"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    counts = {"ok": 0, "defect": 0, "yolo_images": 0, "boxes": 0, "missing_images": 0, "refused_paths": 0}
    hard: list[str] = []
    manifest = []
    root = archive.root.resolve()
    for uid, row in decided.items():
        if row.image_path and not _inside(root, row.image_path):
            counts["refused_paths"] += 1
            continue
        image = archive.path(row.image_path)
        if image is None:
            counts["missing_images"] += 1
            continue
        name = safe_name(f"{row.recipe}_{image.stem}{image.suffix}")
        folder = "ok" if row.decision == "false_reject" else "defect"
        shutil.copy2(image, out / folder / name)
        counts[folder] += 1
        if row.decision in ("false_reject", "wrong_type"):
            hard.append(name)
        manifest.append({"file": f"{folder}/{name}", "uid": uid, "decision": row.decision})
        if row.decision == "false_reject":
            continue
        lines = _yolo_lines(image, row.detections or [], class_names, row.correct_type)
        if lines is None:
            continue
        shutil.copy2(image, out / "yolo" / "images" / name)
        (out / "yolo" / "labels" / f"{Path(name).stem}.txt").write_text("".join(lines), encoding="utf-8")
        counts["yolo_images"] += 1
        counts["boxes"] += len(lines)
    (out / "hard.txt").write_text("".join(f"{n}\n" for n in hard), encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (out / "yolo" / "data.yaml").write_text(
        yaml.safe_dump(
            {
                "path": str((out / "yolo").resolve()),
                "train": "images",
                "val": "images",
                "names": dict(enumerate(class_names)),
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return counts


def _inside(root: Path, relative: str) -> bool:
    """True when the archive path stays under the archive's root once resolved (links followed)."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        return False
    return (root / candidate).resolve().is_relative_to(root)


def _yolo_lines(
    image: Path, detections: list[dict[str, Any]], class_names: list[str], correct_type: str | None
) -> list[str] | None:
    """Normalised YOLO rows for a part's boxes; None when it has none or names a class not in the list."""
    if not detections or not class_names:
        return None
    picture = cv2.imread(str(image), cv2.IMREAD_UNCHANGED)
    if picture is None:
        return None
    height, width = picture.shape[:2]
    lines = []
    for det in detections:
        label = correct_type or det["label"]
        if label not in class_names:
            return None
        x1, y1, x2, y2 = det["box"]
        cx, cy = (x1 + x2) / 2 / width, (y1 + y2) / 2 / height
        lines.append(f"{class_names.index(label)} {cx:.6f} {cy:.6f} {(x2 - x1) / width:.6f} {(y2 - y1) / height:.6f}\n")
    return lines
