"""Fuzzing the loaders (issue 17): random bytes as images, random recipe YAML, random ONNX metadata.

Each case must end in the documented refusal (ImageReadError, RecipeError,
ModelLoadError: one line) or in a usable result, never another exception or a
hang. Seeded and bounded: a fixed number of cases, each under an alarm.
"""

from __future__ import annotations

import json
import random
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np
import pytest
import yaml

from station.capture.imagefile import ImageReadError, read_image
from station.core.recipe import Recipe, RecipeError
from station.inference.classifier import Classifier
from station.inference.detector import Detector
from station.inference.onnxmodel import ModelLoadError
from tests.onnx_tiny import classifier_meta, write_classifier, write_detector

REPO = Path(__file__).resolve().parent.parent
SEED = 20261202
CASE_SECONDS = 10  # one case taking longer is a hang


@contextmanager
def no_hang(what: str) -> Iterator[None]:
    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"{what} took over {CASE_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(CASE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _one_line(exc: Exception) -> None:
    assert str(exc).strip() and "\n" not in str(exc), f"refusal not on one line: {exc!r}"


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(10 if depth < 2 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 2**63, 10**30, rng.randint(-1000, 1000)])
    if kind == 3:
        return rng.choice([0.5, -0.0, 1e308, -1e-308, float("inf"), float("nan"), rng.random()])
    if kind == 4:
        return "".join(rng.choice("ab/.\\:-_ 0é\t") for _ in range(rng.randrange(0, 12)))
    if kind == 5:
        return rng.choice(["../../etc/passwd", "/dev/zero", "classifier.onnx", "", ".", "NUL", "x" * 300])
    if kind == 6:
        return rng.choice(["ng", "all", "letterbox", "RGB", "classifier", "detector"])
    if kind == 7:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(0, 7))]
    return {str(_random_value(rng, depth + 1)): _random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))}


def test_random_bytes_as_images(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    seeds = [p.read_bytes() for p in sorted((REPO / "resources" / "demo").glob("*/*"))[:6]]
    refused = decoded = 0
    for case in range(150):
        if case % 3 == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2048)))
        else:  # a real picture, damaged: flipped bytes, or flipped and cut
            damaged = bytearray(rng.choice(seeds))
            for _ in range(rng.randrange(1, 40)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            if case % 3 == 2:
                damaged = damaged[: rng.randrange(1, len(damaged))]
            data = bytes(damaged)
        path = tmp_path / f"case{case}.jpg"
        path.write_bytes(data)
        with no_hang(f"image case {case}"):
            try:
                image = read_image(path)
            except ImageReadError as exc:
                _one_line(exc)
                refused += 1
            else:
                assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
                decoded += 1
    assert refused > 0 and refused + decoded == 150


def test_random_recipe_yaml(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    keys = [
        "name", "description", "classifier", "detector", "threshold", "detector_classes", "detector_on",
        "detector_confidence", "detector_iou", "models_sha256", "part_check", "folder", "extra",
    ]  # fmt: skip
    template = (tmp_path / "template.onnx").as_posix()
    write_classifier(Path(template))
    outcomes = {"refused": 0, "loaded": 0}
    for case in range(120):
        folder = tmp_path / f"r{case}"
        folder.mkdir()
        (folder / "classifier.onnx").write_bytes(Path(template).read_bytes())
        if case % 4 == 0:  # random text, sometimes with YAML's own syntax
            text = "".join(rng.choice("name: [x]{},&*!|>-\n\t'\"%@`0.5#ü") for _ in range(rng.randrange(0, 200)))
        else:
            data: dict[str, Any] = {"name": folder.name, "classifier": "classifier.onnx"}
            for key in rng.sample(keys, rng.randrange(0, 4)):
                data[key] = _random_value(rng)
            text = yaml.safe_dump(data, allow_unicode=True)
        (folder / "recipe.yaml").write_text(text, encoding="utf-8")
        with no_hang(f"recipe case {case}"):
            try:
                Recipe.load(folder)
            except RecipeError as exc:
                _one_line(exc)
                outcomes["refused"] += 1
            else:
                outcomes["loaded"] += 1
    assert outcomes["refused"] > 0 and outcomes["loaded"] > 0


def _plausible(rng: random.Random, key: str, size: tuple[int, int]) -> Any:
    """A value that a real export might hold for ``key``, so some cases load and run."""
    return {
        "threshold": rng.random(),
        "mean": [rng.random() for _ in range(3)],
        "std": [rng.uniform(0.01, 2.0) for _ in range(3)],
        "scale": rng.choice([1.0, 1 / 255]),
        "input_size": list(size),
        "resize": rng.choice(["resize", "letterbox"]),
        "color_order": rng.choice(["RGB", "BGR"]),
        "architecture": rng.choice(["resnet18", "", "ü" * 3]),
        "training": {"seed": rng.randrange(10)},
    }.get(key, classifier_meta().get(key))


def _random_metadata(rng: random.Random, size: tuple[int, int]) -> str:
    roll = rng.randrange(6)
    if roll == 5:
        meta = classifier_meta(input_size=list(size))
        for key in rng.sample(sorted(meta), rng.randrange(1, 4)):
            meta[key] = _plausible(rng, key, size)
        return json.dumps(meta)
    if roll == 0:
        return "".join(rng.choice('{}[]":,0123456789.eE-truefalsenull ') for _ in range(rng.randrange(0, 80)))
    if roll == 1:
        return json.dumps(_random_value(rng), allow_nan=True)
    meta = classifier_meta()
    if roll == 2:
        meta.update(task="detector", positive_class=None, class_names=["a", "b", "c", "d", "e"])
    for key in rng.sample(sorted(meta), rng.randrange(1, 4)):
        meta[key] = _random_value(rng)
    return json.dumps(meta, allow_nan=True)


def test_random_onnx_metadata(tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    frame = np.full((48, 64, 3), 100, np.uint8)
    outcomes = {"refused": 0, "loaded": 0}
    for case in range(60):
        size = rng.choice([(32, 32), (16, 24)])
        text = _random_metadata(rng, size)
        with no_hang(f"model case {case}"):
            if case % 3 != 2:
                path = write_classifier(tmp_path / f"c{case}.onnx", text, size, rng.choice([2, 3]))
                loader: type[Classifier] | type[Detector] = Classifier
            else:
                path = write_detector(tmp_path / f"d{case}.onnx", text, size, rng.choice([6, 9]))
                loader = Detector
            try:
                model = loader(path, "cpu")
            except ModelLoadError as exc:
                _one_line(exc)
                outcomes["refused"] += 1
            else:
                model.warm_up()
                model.predict(frame)
                outcomes["loaded"] += 1
    assert outcomes["refused"] > 0, outcomes


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 64, b"not onnx at all", bytes(range(256)) * 4])
def test_a_file_that_is_not_onnx_is_refused(tmp_path: Path, garbage: bytes) -> None:
    path = tmp_path / "classifier.onnx"
    path.write_bytes(garbage)
    with no_hang("garbage model"), pytest.raises(ModelLoadError) as refused:
        Classifier(path, "cpu")
    _one_line(refused.value)
