"""Labelled image folders and reproducible splits for training and evaluation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from station.capture.imagefile import is_image_name

CLASSIFIER_CLASSES = ("ok", "defect")  # index 1 is the positive (defect) class


@dataclass(frozen=True)
class LabelledImages:
    """Image paths with their class index, in a stable (sorted) order."""

    paths: tuple[Path, ...]
    labels: np.ndarray  # int64, 0 = ok, 1 = defect

    def __len__(self) -> int:
        return len(self.paths)

    def subset(self, indices: np.ndarray) -> LabelledImages:
        return LabelledImages(tuple(self.paths[i] for i in indices), self.labels[indices])


def list_ok_defect(data_dir: Path) -> LabelledImages:
    """List ``DIR/ok/*`` and ``DIR/defect/*`` images, or raise ValueError saying what is missing."""
    paths: list[Path] = []
    labels: list[int] = []
    for label, name in enumerate(CLASSIFIER_CLASSES):
        folder = data_dir / name
        if not folder.is_dir():
            raise ValueError(f"{data_dir} must hold ok/ and defect/ folders; {folder} is missing")
        files = sorted(p for p in folder.iterdir() if p.is_file() and is_image_name(p))
        if not files:
            raise ValueError(f"{folder} holds no images")
        paths += files
        labels += [label] * len(files)
    return LabelledImages(tuple(paths), np.asarray(labels, dtype=np.int64))


def stratified_split(labels: np.ndarray, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, val) with each class split in the same proportion, fixed by ``seed``."""
    rng = np.random.default_rng(seed)
    train: list[np.ndarray] = []
    val: list[np.ndarray] = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        rng.shuffle(members)
        n_val = max(1, round(len(members) * val_fraction))
        val.append(members[:n_val])
        train.append(members[n_val:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(val))


def listed_split(images: LabelledImages, listed_names: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, val) where validation is exactly the images whose file name is listed.

    Lets the classifier hold out the same parts as the detector's ``val.txt``, so
    no stage of a cascade is validated on parts it was trained on.
    """
    in_val = np.asarray([p.name in listed_names for p in images.paths], dtype=bool)
    missing = listed_names - {p.name for p in images.paths}
    if missing:
        raise ValueError(f"{len(missing)} listed validation images are not in the data, e.g. {sorted(missing)[0]}")
    if not in_val.any() or in_val.all():
        raise ValueError("the validation list must name some, but not all, of the images")
    return np.flatnonzero(~in_val), np.flatnonzero(in_val)


def read_name_list(path: Path) -> set[str]:
    """File names from a list such as YOLO's ``val.txt`` (one path per line; only the name counts)."""
    return {Path(line.strip()).name for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def balanced_order(
    labels: np.ndarray, rng: np.random.Generator, boost: np.ndarray | None = None, balance: bool = True
) -> np.ndarray:
    """One epoch's sample indices, drawn so each class is seen equally often (``balance``).

    Rare defects (a few dozen cracks among hundreds of good tiles) would
    otherwise teach a network from scratch to answer "OK" to everything.
    ``boost`` multiplies single images' chances: hard parts a QA lead overturned.
    """
    counts = np.bincount(labels)
    weights = 1.0 / counts[labels] if balance else np.ones(len(labels))
    if boost is not None:
        weights = weights * boost
    return rng.choice(len(labels), size=len(labels), replace=True, p=weights / weights.sum())


def write_split(path: Path, data_dir: Path, images: LabelledImages, val_idx: np.ndarray, seed: int) -> None:
    """Record exactly which files were held out, so metrics can be reproduced and audited."""
    names = [str(images.paths[i].relative_to(data_dir)) for i in val_idx]
    path.write_text(json.dumps({"seed": seed, "validation": names}, indent=1), encoding="utf-8")
