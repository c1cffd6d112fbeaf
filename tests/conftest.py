"""Shared fixtures: a tiny classifier trained and exported by the real code paths, on real images."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Qt tests need no screen

REPO = Path(__file__).resolve().parent.parent
CASTING_SET = REPO / "tests" / "data" / "casting"


@pytest.fixture(autouse=True)
def isolated_station_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """History databases, image archives and reports of a test go to its own folder, never the user's."""
    folder = tmp_path_factory.mktemp("station-data")
    monkeypatch.setenv("STATION_DATA", str(folder))
    monkeypatch.setenv("STATION_CONFIG", str(folder / "station.yaml"))  # never the developer's own settings
    monkeypatch.setenv("STATION_LOGS", str(folder / "logs"))
    return folder


@pytest.fixture(scope="session")
def tiny_training(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ResNet18 trained for one epoch at 128 px on the labelled test set (seconds, not minutes)."""
    from station.training.classifier import ClassifierTrainConfig, train_classifier

    out = tmp_path_factory.mktemp("tiny_classifier")
    cfg = ClassifierTrainConfig(
        data=CASTING_SET, out=out, image_size=128, epochs=1, batch_size=16, seed=3, allow_small_validation=True
    )
    train_classifier(cfg)
    return out


@pytest.fixture(scope="session")
def tiny_recipe(tiny_training: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A recipe folder holding the tiny classifier, exported with metadata and parity-checked."""
    from station.training.export import export_classifier

    folder = tmp_path_factory.mktemp("tiny_recipe") / "tiny"  # a recipe's name is its folder's name
    folder.mkdir()
    export_classifier(tiny_training / "classifier.pt", folder / "classifier.onnx", command="pytest")
    (folder / "recipe.yaml").write_text("name: tiny\ndescription: test model\nclassifier: classifier.onnx\n")
    return folder


@pytest.fixture()
def recipe_copy(tiny_recipe: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny recipe that a test may break."""
    target = tmp_path / "tiny"
    shutil.copytree(tiny_recipe, target)
    return target


@pytest.fixture(scope="session")
def real_images() -> list[np.ndarray]:
    """A few real casting images (both classes), decoded as the station decodes them."""
    from station.capture.imagefile import read_image

    paths = sorted((CASTING_SET / "ok").iterdir())[:4] + sorted((CASTING_SET / "defect").iterdir())[:4]
    return [read_image(p) for p in paths]


@pytest.fixture()
def isolated_qsettings(tmp_path: Path) -> Path:
    """Keep the app's QSettings (window layout) out of the user's real settings."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    return tmp_path / "qsettings"


NEU_WEIGHTS = REPO / "tests" / "fixtures" / "neu_yolov8n_tiny.pt"  # YOLOv8n, 6 epochs on NEU-DET at 160 px
NEU_SIZE, NEU_CONF, NEU_IOU = 160, 0.05, 0.7


@pytest.fixture(scope="session")
def neu_images() -> list[np.ndarray]:
    """The twelve NEU-DET steel images of the detector tests, decoded as the station decodes them."""
    from station.capture.imagefile import read_image

    return [read_image(p) for p in sorted((REPO / "tests" / "data" / "neu" / "images").iterdir())]


@pytest.fixture(scope="session")
def detector_onnx(neu_images: list[np.ndarray], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny NEU detector exported by the real export path (refused unless it matches ultralytics)."""
    from station.training.detector import export_detector

    out = tmp_path_factory.mktemp("detector") / "detector.onnx"
    return export_detector(NEU_WEIGHTS, out, neu_images, NEU_SIZE, confidence=NEU_CONF, iou=NEU_IOU)
