"""Dataset conversions: pixel masks to YOLO boxes, and a YOLO layout to the classifier's ok/ + defect/ folders.

Masks: values above 127 are defect; one box per connected component; the class
is the image's folder. Images of the OK folder (``free`` for magnetic tiles) get
an empty label file, which YOLO reads as "no defect here".
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import yaml

from station.capture.imagefile import is_image_name
from station.training.data import stratified_split

MASK_THRESHOLD = 127


@dataclass(frozen=True)
class ConversionReport:
    images: int
    boxes: int
    per_class_images: dict[str, int]
    data_yaml: Path

    def to_json(self) -> dict[str, object]:
        return {
            "images": self.images,
            "boxes": self.boxes,
            "per_class_images": self.per_class_images,
            "data_yaml": str(self.data_yaml),
        }


def mask_to_boxes(mask: np.ndarray, min_area: int = 1) -> list[tuple[int, int, int, int]]:
    """One (x1, y1, x2, y2) box per 8-connected component of ``mask > 127`` (x2, y2 exclusive)."""
    binary = (mask > MASK_THRESHOLD).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    boxes = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area >= min_area:
            boxes.append((x, y, x + w, y + h))
    return boxes


def masks_to_yolo(
    src: Path,
    dst: Path,
    classes: list[str],
    ok_class: str = "free",
    val_fraction: float = 0.2,
    seed: int = 0,
    min_area: int = 1,
    train_background: float = 1.0,
) -> ConversionReport:
    """Write ``dst/images``, ``dst/labels``, ``dst/masks``, train/val lists and ``dst/data.yaml``.

    ``train_background`` < 1 keeps defect-free images at about that share of
    ``train.txt`` (the rest of them are left out of training only; ``val.txt``
    keeps every image): with 755 good tiles and 321 defective ones, a detector
    trained on everything spends most of its time on empty pictures.
    """
    if not 0.0 < train_background <= 1.0:
        raise ValueError(f"train_background must be in (0, 1], not {train_background}")
    folders = [ok_class, *classes]
    for folder in folders:
        if not (src / folder).is_dir():
            raise ValueError(f"{src / folder} is missing (expected folders: {', '.join(folders)})")
    for sub in ("images", "labels", "masks"):
        (dst / sub).mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    strata: list[int] = []
    origin: dict[str, str] = {}  # image file -> the folder (class) it came from
    boxes_total = 0
    per_class: dict[str, int] = {}
    for stratum, folder in enumerate(folders):
        class_id = None if folder == ok_class else classes.index(folder)
        images = sorted(p for p in (src / folder).iterdir() if is_image_name(p) and p.suffix.lower() != ".png")
        per_class[folder] = len(images)
        for image_path in images:
            mask_path = image_path.with_suffix(".png")
            image = cv2.imread(str(image_path), cv2.IMREAD_UNCHANGED)
            mask = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
            if image is None or mask is None:
                raise ValueError(f"cannot read {image_path} or its mask {mask_path}")
            height, width = image.shape[:2]
            if mask.shape != (height, width):
                raise ValueError(f"{mask_path} is {mask.shape[::-1]}, its image is {(width, height)}")
            name = f"{folder}_{image_path.stem}"
            lines = []
            if class_id is not None:
                for x1, y1, x2, y2 in mask_to_boxes(mask, min_area):
                    cx, cy = (x1 + x2) / 2 / width, (y1 + y2) / 2 / height
                    lines.append(f"{class_id} {cx:.6f} {cy:.6f} {(x2 - x1) / width:.6f} {(y2 - y1) / height:.6f}")
            boxes_total += len(lines)
            shutil.copy2(image_path, dst / "images" / f"{name}{image_path.suffix.lower()}")
            cv2.imwrite(str(dst / "masks" / f"{name}.png"), mask)
            (dst / "labels" / f"{name}.txt").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            names.append(f"{name}{image_path.suffix.lower()}")
            strata.append(stratum)
            origin[names[-1]] = folder
    train_idx, val_idx = stratified_split(np.asarray(strata), val_fraction, seed)
    if train_background < 1.0:
        train_idx = _limit_background(train_idx, np.asarray(strata), train_background, seed)
    for split, idx in (("train", train_idx), ("val", val_idx)):
        listed = "".join(f"./images/{names[i]}\n" for i in idx)
        (dst / f"{split}.txt").write_text(listed, encoding="utf-8")
    data_yaml = write_data_yaml(dst, classes, seed, ok_class=ok_class)
    (dst / "origin.json").write_text(json.dumps(origin, indent=0), encoding="utf-8")
    report = ConversionReport(len(names), boxes_total, per_class, data_yaml)
    (dst / "conversion.json").write_text(json.dumps(report.to_json(), indent=1), encoding="utf-8")
    return report


def split_yolo(src: Path, dst: Path, names: list[str], val_fraction: float = 0.2, seed: int = 0) -> dict[str, int]:
    """Write ``dst/train.txt``, ``dst/val.txt`` and ``dst/data.yaml`` for a YOLO layout at ``src``.

    The images stay where they are (the lists point at them). The split is
    stratified by each image's first labelled class (-1 for an empty label), so
    every defect type is in validation in its own proportion.
    """
    images = sorted(p for p in (src / "images").iterdir() if is_image_name(p)) if (src / "images").is_dir() else []
    if not images:
        raise ValueError(f"{src}/images holds no images")
    strata = []
    for image in images:
        label = src / "labels" / f"{image.stem}.txt"
        rows = label.read_text(encoding="utf-8").split("\n") if label.is_file() else []
        first = next((row.split()[0] for row in rows if row.strip()), "-1")
        strata.append(int(first))
    train_idx, val_idx = stratified_split(np.asarray(strata), val_fraction, seed)
    dst.mkdir(parents=True, exist_ok=True)
    root = src.resolve()
    for split, idx in (("train", train_idx), ("val", val_idx)):
        (dst / f"{split}.txt").write_text("".join(f"{root / 'images' / images[i].name}\n" for i in idx), "utf-8")
    write_data_yaml(dst, names, seed)
    return {"train": len(train_idx), "val": len(val_idx)}


def write_data_yaml(dst: Path, names: list[str], seed: int, ok_class: str | None = None) -> Path:
    """ultralytics' data.yaml for ``dst/train.txt`` and ``dst/val.txt``; returns its path."""
    data: dict[str, object] = {
        "path": str(dst.resolve()),
        "train": "train.txt",
        "val": "val.txt",
        "names": dict(enumerate(names)),
    }
    if ok_class is not None:
        data["ok_class"] = ok_class
    data["split_seed"] = seed
    path = dst / "data.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _limit_background(train_idx: np.ndarray, strata: np.ndarray, share: float, seed: int) -> np.ndarray:
    """Keep every defect image of ``train_idx`` and enough defect-free ones (stratum 0) to make ``share``."""
    background = train_idx[strata[train_idx] == 0]
    defects = train_idx[strata[train_idx] != 0]
    keep = min(len(background), round(len(defects) * share / (1.0 - share))) if share < 1.0 else len(background)
    chosen = np.random.default_rng([seed, 1]).permutation(background)[:keep]
    return np.sort(np.concatenate([defects, chosen]))


def yolo_to_ok_defect(src: Path, dst: Path, split: str | None = None) -> dict[str, int]:
    """Make ``dst/ok`` and ``dst/defect`` from a YOLO layout.

    A part is OK when it came from the OK folder (recorded in ``origin.json`` by
    ``masks_to_yolo``); without that record, when its label file has no box.

    With ``split`` ("train" or "val"), only the images listed in ``src/<split>.txt``.
    Files are hard-linked where possible (no copies of the data), else copied.
    """
    images = sorted((src / "images").iterdir())
    if split is not None:
        listed = {Path(line.strip()).name for line in (src / f"{split}.txt").read_text().splitlines() if line.strip()}
        images = [p for p in images if p.name in listed]
    origin_file = src / "origin.json"
    origin: dict[str, str] = json.loads(origin_file.read_text()) if origin_file.is_file() else {}
    ok_class = (yaml.safe_load((src / "data.yaml").read_text()) or {}).get("ok_class") if origin else None
    counts = {"ok": 0, "defect": 0}
    for folder in counts:
        (dst / folder).mkdir(parents=True, exist_ok=True)
    for image in images:
        if image.name in origin:
            defect = origin[image.name] != ok_class
        else:
            label_file = src / "labels" / f"{image.stem}.txt"
            defect = label_file.is_file() and label_file.read_text().strip() != ""
        folder = "defect" if defect else "ok"
        target = dst / folder / image.name
        if not target.exists():
            try:
                target.hardlink_to(image)
            except OSError:
                shutil.copy2(image, target)
        counts[folder] += 1
    return counts


def split_images(data_yaml: Path, split: str, limit: int | None = None) -> list[Path]:
    """Images of ``split`` as an ultralytics data.yaml names them (a list file or a folder).

    With ``limit``, that many spread evenly over the list (for calibration, not training).
    """
    if not data_yaml.is_file():
        raise FileNotFoundError(f"{data_yaml}: no data.yaml")
    data = yaml.safe_load(data_yaml.read_text(encoding="utf-8")) or {}
    if split not in data:
        raise ValueError(f"{data_yaml} names no {split} split")
    root = Path(data.get("path") or data_yaml.parent)
    if not root.is_absolute():
        root = data_yaml.parent / root
    entry = Path(str(data[split]))
    entry = entry if entry.is_absolute() else root / entry
    if entry.is_dir():
        images = sorted(p for p in entry.iterdir() if is_image_name(p))
    elif entry.is_file():
        lines = [line.strip() for line in entry.read_text(encoding="utf-8").splitlines() if line.strip()]
        images = [p if p.is_absolute() else root / p for p in map(Path, lines)]
    else:
        raise FileNotFoundError(f"{data_yaml}: its {split} split ({entry}) is neither a list file nor a folder")
    if not images:
        raise ValueError(f"{data_yaml}: its {split} split holds no images")
    if limit is not None and len(images) > limit:
        images = [images[i] for i in np.linspace(0, len(images) - 1, limit).round().astype(int)]
    return images
