"""Frames that are not parts (issue 17 item 11): blank, noise and tiny frames are refused; real parts pass."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from station.capture.imagefile import read_image
from station.core.recipe import PartCheck, Recipe, RecipeError
from station.inference.partcheck import not_a_part_reason

REPO = Path(__file__).resolve().parent.parent
DEMO = sorted(p for p in (REPO / "resources" / "demo").glob("*/*") if p.is_file())
TEST_DATA = sorted(
    p for p in (REPO / "tests" / "data").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg")
)  # PNGs: masks


def test_every_demo_and_test_image_is_a_part() -> None:
    assert len(DEMO) >= 60
    refused = {p.name: not_a_part_reason(read_image(p)) for p in DEMO + TEST_DATA}
    assert [f"{name}: {why}" for name, why in refused.items() if why] == []


@pytest.mark.parametrize(("value", "name"), [(0, "black"), (128, "grey"), (255, "white")])
def test_a_blank_frame_is_refused(value: int, name: str) -> None:
    reason = not_a_part_reason(np.full((300, 300, 3), value, np.uint8))
    assert reason == "not a part: blank frame (std 0.0 below 2)", name


def test_a_nearly_blank_frame_with_sensor_noise_is_refused() -> None:
    rng = np.random.default_rng(1)
    frame = np.clip(128 + rng.normal(0, 1.0, (240, 320, 3)), 0, 255).astype(np.uint8)
    assert (not_a_part_reason(frame) or "").startswith("not a part: blank frame")


@pytest.mark.parametrize("kind", ["uniform", "gaussian", "salt_and_pepper"])
@pytest.mark.parametrize("shape", [(230, 400, 3), (630, 300, 3), (100, 220)])
def test_random_noise_is_refused(kind: str, shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(7)
    if kind == "uniform":
        frame = rng.integers(0, 256, shape, dtype=np.uint8)
    elif kind == "gaussian":
        frame = np.clip(rng.normal(128, 40, shape), 0, 255).astype(np.uint8)
    else:
        frame = (rng.random(shape) > 0.5).astype(np.uint8) * 255
    assert (not_a_part_reason(frame) or "").startswith("not a part: noise (neighbour correlation")


@pytest.mark.parametrize("shape", [(1, 1, 3), (31, 400, 3), (400, 8, 3), (0, 0, 3)])
def test_a_tiny_image_is_refused(shape: tuple[int, int, int]) -> None:
    reason = not_a_part_reason(np.full(shape, 90, np.uint8))
    assert reason is not None and ("too small" in reason or "empty" in reason)


def test_real_parts_shrunk_to_the_minimum_still_pass() -> None:
    import cv2

    image = read_image(DEMO[0])
    assert not_a_part_reason(cv2.resize(image, (32, 32), interpolation=cv2.INTER_AREA)) is None


def test_other_arrays_are_refused_not_crashed() -> None:
    assert not_a_part_reason(np.zeros((4, 4, 4, 4), np.uint8)) is not None
    assert not_a_part_reason(np.full((64, 64, 3), np.nan, np.float32)) is not None
    grey16 = read_image(DEMO[0])[..., 0].astype(np.uint16) * 257
    assert not_a_part_reason(grey16) is None


def test_the_check_is_set_per_recipe_and_strict(tmp_path: Path) -> None:
    from tests.onnx_tiny import write_classifier

    folder = tmp_path / "part"
    folder.mkdir()
    write_classifier(folder / "classifier.onnx")
    (folder / "recipe.yaml").write_text(
        "name: part\nclassifier: classifier.onnx\npart_check: {min_side: 64, min_std: 5}\n"
    )
    check = Recipe.load(folder).part_check
    assert check == PartCheck(min_side=64, min_std=5.0)
    assert not_a_part_reason(np.full((40, 40, 3), 90, np.uint8), check) == (
        "not a part: image too small (40x40 px, the minimum is 64 a side)"
    )
    assert not_a_part_reason(np.full((40, 40, 3), 90, np.uint8), PartCheck(enabled=False)) is None
    (folder / "recipe.yaml").write_text("name: part\nclassifier: classifier.onnx\npart_check: {min_std: 'x'}\n")
    with pytest.raises(RecipeError, match=r"part_check\.min_std"):
        Recipe.load(folder)
