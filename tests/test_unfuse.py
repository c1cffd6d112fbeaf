"""Fine-tuning a shipped detector: its ONNX file rebuilt as an ultralytics checkpoint."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from station.capture.imagefile import read_image
from station.inference.detector import Detector
from station.training.datatools import split_images
from station.training.detector import detection_arrays, match_detections, ultralytics_predictions
from station.training.unfuse import UnfuseError, checkpoint_from_onnx
from tests.conftest import NEU_CONF as CONF
from tests.conftest import NEU_IOU as IOU
from tests.conftest import NEU_SIZE as SIZE

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def calibration() -> list[np.ndarray]:
    return [read_image(p) for p in sorted((HERE / "data" / "steel_strip" / "images").iterdir())[:16]]


@pytest.fixture(scope="module")
def rebuilt(detector_onnx: Path, calibration: list[np.ndarray], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return checkpoint_from_onnx(detector_onnx, calibration, tmp_path_factory.mktemp("rebuilt") / "detector.pt")


def test_a_detector_rebuilt_from_onnx_finds_the_shipped_boxes(
    rebuilt: Path, detector_onnx: Path, neu_images: list[np.ndarray]
) -> None:
    """Fine-tuning starts from the model that shipped: ultralytics' predictions are the runtime's."""
    runtime = Detector(detector_onnx, device="cpu")
    compared = 0
    for image, reference in zip(neu_images, ultralytics_predictions(rebuilt, neu_images, SIZE, CONF, IOU), strict=True):
        dets = runtime.predict(image, CONF, IOU).detections
        assert match_detections(reference, detection_arrays(dets)) == []
        compared += len(dets)
    assert compared >= 20, "the round trip must be shown on real boxes"


def test_training_mode_batch_norm_does_not_unlearn_the_rebuilt_detector(
    rebuilt: Path, detector_onnx: Path, calibration: list[np.ndarray]
) -> None:
    """In training a batch norm uses its batch's statistics: on images like the calibration set the
    network must still compute what it computes in eval mode, or the first epochs undo the model."""
    import torch

    from station.inference.preprocess import prepare

    info = Detector(detector_onnx, device="cpu").info
    batch = torch.from_numpy(np.concatenate([prepare(image, info)[0] for image in calibration]))
    model = torch.load(rebuilt, map_location="cpu", weights_only=False)["model"]
    with torch.no_grad():
        model.eval()
        evaluated = model(batch)[1]
        model.train()
        trained = model(batch)
    for key in ("boxes", "scores"):
        spread = float(evaluated[key].abs().max())
        assert float((trained[key] - evaluated[key]).abs().max()) < 1e-3 * spread, key
    # the batch norms do carry the calibrated statistics: dropping them changes the network's output
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            assert module.running_mean is not None and module.running_var is not None
            module.running_mean.zero_()
            module.running_var.fill_(1.0)
    with torch.no_grad():
        model.eval()
        uncalibrated = model(batch)[1]
    assert float((uncalibrated["scores"] - evaluated["scores"]).abs().max()) > 0.1 * float(
        evaluated["scores"].abs().max()
    )


def test_a_rebuilt_checkpoint_records_where_it_came_from(rebuilt: Path) -> None:
    import torch

    checkpoint = torch.load(rebuilt, map_location="cpu", weights_only=False)
    assert checkpoint["converted_from"]["onnx"] == "detector.onnx"
    assert checkpoint["converted_from"]["calibration_images"] == 16
    assert checkpoint["train_args"] == {"model": "yolov8n.yaml", "imgsz": SIZE, "task": "detect"}
    assert checkpoint["model"].names[0] == "crazing"


def test_an_int8_detector_is_refused(detector_onnx: Path, calibration: list[np.ndarray], tmp_path: Path) -> None:
    from station.training.quantize import calibration_images, quantize_model

    int8 = quantize_model(
        detector_onnx, tmp_path / "int8.onnx", calibration_images(HERE / "data" / "steel_strip" / "images", 4)
    )
    with pytest.raises(UnfuseError, match="int8"):
        checkpoint_from_onnx(int8, calibration, tmp_path / "out.pt")
    assert not (tmp_path / "out.pt").exists()


def test_no_calibration_images_is_refused(detector_onnx: Path, tmp_path: Path) -> None:
    with pytest.raises(UnfuseError, match="no images"):
        checkpoint_from_onnx(detector_onnx, [], tmp_path / "out.pt")


def test_train_detector_cli_names_what_it_can_start_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from station.cli import main

    data = tmp_path / "data.yaml"
    data.write_text("path: .\ntrain: train.txt\nval: val.txt\nnames: {0: a}\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["train", "detector", "--data", str(data), "--out", str(out), "--init-from", str(tmp_path)])
    assert code != 0
    assert "neither a detector.pt" in capsys.readouterr().err


def test_split_images_reads_list_files_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    for i in range(10):
        (folder / f"part_{i}.jpg").write_bytes(b"")
    (tmp_path / "train.txt").write_text("images/part_3.jpg\nimages/part_4.jpg\n\n", encoding="utf-8")
    data = tmp_path / "data.yaml"
    data.write_text("path: .\ntrain: train.txt\nval: images\nnames: {0: a}\n", encoding="utf-8")
    assert split_images(data, "train") == [tmp_path / "images" / "part_3.jpg", tmp_path / "images" / "part_4.jpg"]
    assert len(split_images(data, "val")) == 10
    spread = split_images(data, "val", limit=3)
    assert [p.name for p in spread] == ["part_0.jpg", "part_4.jpg", "part_9.jpg"]
    with pytest.raises(ValueError, match="no test split"):
        split_images(data, "test")


def test_an_unreadable_training_image_is_skipped_for_calibration_and_named(
    detector_onnx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from station.cli.train import _detector_starting_point

    steel = sorted((HERE / "data" / "steel_strip" / "images").iterdir())[:8]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    (tmp_path / "train.txt").write_text("".join(f"{p}\n" for p in [*steel, broken]), encoding="utf-8")
    data = tmp_path / "data.yaml"
    data.write_text("path: .\ntrain: train.txt\nval: train.txt\nnames: {0: a}\n", encoding="utf-8")
    checkpoint = _detector_starting_point(detector_onnx, data, tmp_path / "out")
    assert checkpoint == tmp_path / "out" / "detector_from_onnx.pt" and checkpoint.is_file()
    captured = capsys.readouterr()
    assert "broken.jpg" in captured.err and "from 8 training images" in captured.out
