"""Pointing game on hand-marked casting defects: the scorer, the marks file and the shipped heatmap."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from station.core.paths import models_dir
from station.training.pointing import box_mask, heatmap_points_at, load_marks, pointing_main

MARKS = models_dir() / "casting" / "marked_defects.json"


def test_hit_when_the_hottest_cell_is_on_the_box_and_miss_elsewhere() -> None:
    heatmap = np.zeros((5, 5), np.float32)
    heatmap[0, 4] = 1.0  # top-right cell of a 300 px image (cubic upsampling puts the peak near (290, 9))
    assert heatmap_points_at(heatmap, [(240, 0, 300, 60)], 300, 300, tolerance_px=0)
    assert not heatmap_points_at(heatmap, [(0, 240, 60, 300)], 300, 300, tolerance_px=8)
    assert heatmap_points_at(heatmap, [(0, 240, 60, 300), (245, 0, 300, 55)], 300, 300, tolerance_px=0)


def test_tolerance_grows_the_box() -> None:
    heatmap = np.zeros((5, 5), np.float32)
    heatmap[2, 2] = 1.0  # centre (150, 150)
    box = [(160, 140, 190, 160)]  # 10 px to the right of the peak
    assert not heatmap_points_at(heatmap, box, 300, 300, tolerance_px=0)
    assert heatmap_points_at(heatmap, box, 300, 300, tolerance_px=12)


def test_box_mask_is_clipped_to_the_image() -> None:
    mask = box_mask([(-5, -5, 10, 10), (295, 290, 320, 320)], 300, 300)
    assert mask.shape == (300, 300) and mask[0, 0] == 255 and mask[299, 299] == 255
    assert int((mask > 0).sum()) == 100 + 5 * 10


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"boxes": {}}', '{"boxes": {"a.jpg": [[1, 2, 3]]}}', '{"boxes": {"a.jpg": [[5, 5, 2, 9]]}}'],
)
def test_malformed_marks_give_one_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "marks.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=r"marks\.json"):
        load_marks(path)


def test_marks_are_validation_defects_only() -> None:
    """The boxes measure heatmaps; a marked training image would let a model learn the answer."""
    marks = load_marks(MARKS)
    raw = json.loads(MARKS.read_text(encoding="utf-8"))
    validation = set(json.loads((models_dir() / "casting" / "split.json").read_text())["validation"])
    assert len(marks) >= 60
    assert set(marks) <= validation and all(name.startswith("defect/") for name in marks)
    assert set(marks) | set(raw["skipped"]) == set(raw["drawn"]) and not set(marks) & set(raw["skipped"])
    for boxes in marks.values():
        assert all(0 <= x1 < x2 <= 300 and 0 <= y1 < y2 <= 300 for x1, y1, x2, y2 in boxes)


MARKED_SET = Path(__file__).parent / "data" / "casting_marked"  # 12 of the 71 marked validation images


def test_shipped_casting_heatmap_matches_its_recorded_pointing_game(tmp_path: Path) -> None:
    """The command in the model card reproduces the recorded hits, image by image, for the shipped model."""
    recorded = json.loads((models_dir() / "casting" / "pointing_game.json").read_text(encoding="utf-8"))
    recipe = models_dir() / "casting"
    out = tmp_path / "report.json"
    assert (
        pointing_main(
            ["--recipe", str(recipe), "--data", str(MARKED_SET), "--marks", str(subset(tmp_path)), "--json", str(out)]
        )
        == 0
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["model_sha256"] == recorded["model_sha256"], "the shipped classifier changed: re-measure its card"
    here = set(load_marks(subset(tmp_path)))
    for kind in ("tolerant", "strict"):
        assert report[kind]["total"] == 12
        assert set(report[kind]["misses"]) == set(recorded[kind]["misses"]) & here


def subset(tmp_path: Path) -> Path:
    """The marks of the images copied into tests/data, as a marks file of their own."""
    raw = json.loads(MARKS.read_text(encoding="utf-8"))
    path = tmp_path / "marks_subset.json"
    boxes = {name: b for name, b in raw["boxes"].items() if (MARKED_SET / name).is_file()}
    path.write_text(json.dumps({"boxes": boxes}), encoding="utf-8")
    return path


def test_pointing_command_refuses_a_bad_marks_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "marks.json"
    bad.write_text("{}", encoding="utf-8")
    assert pointing_main(["--data", str(MARKED_SET), "--marks", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "marks.json" in err and len(err.splitlines()) == 1
