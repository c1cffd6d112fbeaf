"""Masks become one YOLO box per defect region; free parts become empty labels; the classifier folders follow."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml

from station.training.datatools import mask_to_boxes, masks_to_yolo, yolo_to_ok_defect


def _part(folder: Path, name: str, regions: list[tuple[int, int, int, int]], soft_edge: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(folder / f"{name}.jpg"), np.full((60, 80, 3), 90, np.uint8))
    mask = np.zeros((60, 80), np.uint8)
    for x1, y1, x2, y2 in regions:
        mask[y1:y2, x1:x2] = 255
        if soft_edge:  # anti-aliased rim below the 127 cut-off must not grow the box
            mask[y1 - 1, x1:x2] = 100
    cv2.imwrite(str(folder / f"{name}.png"), mask)


def test_one_box_per_connected_region() -> None:
    mask = np.zeros((20, 20), np.uint8)
    mask[2:5, 3:9] = 255
    mask[10:18, 12:14] = 200
    mask[0, 19] = 120  # below threshold: not a defect
    assert sorted(mask_to_boxes(mask)) == [(3, 2, 9, 5), (12, 10, 14, 18)]


def test_masks_to_yolo_layout(tmp_path: Path) -> None:
    src = tmp_path / "tiles"
    _part(src / "free", "a", [])
    _part(src / "free", "b", [])
    _part(src / "crack", "c", [(10, 10, 30, 20), (50, 40, 60, 50)], soft_edge=True)
    _part(src / "fray", "d", [(0, 0, 80, 60)])
    report = masks_to_yolo(src, tmp_path / "yolo", ["crack", "fray"], ok_class="free", val_fraction=0.5, seed=0)
    assert report.images == 4 and report.boxes == 3
    labels = tmp_path / "yolo" / "labels"
    assert (labels / "free_a.txt").read_text() == ""
    rows = [list(map(float, line.split())) for line in (labels / "crack_c.txt").read_text().splitlines()]
    assert rows[0] == pytest.approx([0, 20 / 80, 15 / 60, 20 / 80, 10 / 60], abs=1e-6)
    assert rows[1][0] == 0 and len(rows) == 2
    assert (labels / "fray_d.txt").read_text().split() == ["1", "0.500000", "0.500000", "1.000000", "1.000000"]
    data = yaml.safe_load((tmp_path / "yolo" / "data.yaml").read_text())
    assert data["names"] == {0: "crack", 1: "fray"}
    train = (tmp_path / "yolo" / "train.txt").read_text().split()
    val = (tmp_path / "yolo" / "val.txt").read_text().split()
    assert len(train) + len(val) == 4 and not set(train) & set(val)

    counts = yolo_to_ok_defect(tmp_path / "yolo", tmp_path / "cls")
    assert counts == {"ok": 2, "defect": 2}
    assert sorted(p.name for p in (tmp_path / "cls" / "defect").iterdir()) == ["crack_c.jpg", "fray_d.jpg"]


def test_train_background_thins_only_the_training_list(tmp_path: Path) -> None:
    src = tmp_path / "tiles"
    for i in range(20):
        _part(src / "free", f"f{i}", [])
    for i in range(10):
        _part(src / "crack", f"c{i}", [(10, 10, 30, 20)])
    masks_to_yolo(src, tmp_path / "yolo", ["crack"], val_fraction=0.2, seed=0, train_background=0.25)
    train = (tmp_path / "yolo" / "train.txt").read_text().split()
    val = (tmp_path / "yolo" / "val.txt").read_text().split()
    assert sum("crack_" in n for n in train) == 8  # every defect image of the training split stays
    assert sum("free_" in n for n in train) == round(8 * 0.25 / 0.75)
    assert sum("free_" in n for n in val) == 4  # validation keeps its defect-free parts
    with pytest.raises(ValueError, match="train_background"):
        masks_to_yolo(src, tmp_path / "other", ["crack"], train_background=0.0)


def test_split_yolo_is_stratified_by_first_class(tmp_path: Path) -> None:
    from station.training.datatools import split_yolo

    src = tmp_path / "neu"
    (src / "images").mkdir(parents=True)
    (src / "labels").mkdir()
    for cls in range(2):
        for i in range(10):
            cv2.imwrite(str(src / "images" / f"c{cls}_{i}.jpg"), np.zeros((8, 8, 3), np.uint8))
            (src / "labels" / f"c{cls}_{i}.txt").write_text(f"{cls} 0.5 0.5 0.2 0.2\n")
    assert split_yolo(src, tmp_path / "split", ["a", "b"], val_fraction=0.2, seed=0) == {"train": 16, "val": 4}
    val = (tmp_path / "split" / "val.txt").read_text().split()
    assert sum("/c0_" in v for v in val) == 2 and all(Path(v).is_file() for v in val)
    assert yaml.safe_load((tmp_path / "split" / "data.yaml").read_text())["names"] == {0: "a", 1: "b"}
