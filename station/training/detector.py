"""YOLOv8 defect detector: training (ultralytics), ONNX export with metadata, and parity with ultralytics.

ultralytics reaches for the internet by default (fonts for plots, weights,
update checks). Training here sets it offline and turns plots off, so a run on
an air-gapped plant machine never stalls on a download; weights are taken only
from a path the user gives or from the architecture yaml (training from scratch).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from station.core.modelinfo import ModelInfo
from station.core.types import Detection
from station.training.export import ExportParityError, attach_metadata

DETECTOR_PARITY_IOU = 0.98
DETECTOR_PARITY_CONF = 0.01


def _offline_ultralytics() -> Any:
    """Import ultralytics with its network features off (must happen before its first import)."""
    os.environ.setdefault("YOLO_OFFLINE", "1")
    import ultralytics

    ultralytics.settings.update({"sync": False})  # type: ignore[no-untyped-call]
    return ultralytics


@dataclass
class DetectorTrainConfig:
    data: Path  # data.yaml in the YOLO layout
    out: Path
    model: str = "yolov8n.yaml"  # an architecture yaml (from scratch) or a local .pt to start from
    image_size: int = 320
    epochs: int = 50
    batch_size: int = 16
    seed: int = 0
    patience: int = 15
    workers: int = 2
    learning_rate: float | None = None  # AdamW's lr0; None lets ultralytics choose optimiser and rate
    warmup_epochs: float = 3.0
    close_mosaic: int = 10  # the last epochs train on whole images, as the line sees them, not mosaics


def train_detector(cfg: DetectorTrainConfig) -> Path:
    """Train (or resume) and return the best weights' path, copied to ``out/detector.pt``."""
    ultralytics = _offline_ultralytics()
    if cfg.model.endswith(".pt") and not Path(cfg.model).is_file():
        raise FileNotFoundError(
            f"starting weights {cfg.model} are not here; give a local .pt or an architecture yaml "
            "such as yolov8n.yaml to train from scratch (nothing is downloaded)"
        )
    if not cfg.data.is_file():
        raise FileNotFoundError(f"{cfg.data}: no data.yaml (make one with `station data masks-to-yolo`)")
    runs = cfg.out / "checkpoints"
    last = runs / "detector" / "weights" / "last.pt"
    if last.is_file():
        model = ultralytics.YOLO(str(last))
        model.train(resume=True)
    else:
        model = ultralytics.YOLO(cfg.model)
        optimiser: dict[str, Any] = {}
        if cfg.learning_rate is not None:
            # ultralytics ignores lr0 unless the optimiser is named, and then warms the biases up from
            # a rate of 0.1 (its "auto" choice starts them at 0): with AdamW that throws a trained
            # head's biases about (a fine-tuned model's mAP50 fell from 0.706 to 0.576 in one epoch).
            optimiser = {"optimizer": "AdamW", "lr0": cfg.learning_rate, "warmup_bias_lr": 0.0}
        model.train(
            **optimiser,
            warmup_epochs=cfg.warmup_epochs,
            close_mosaic=cfg.close_mosaic,
            data=str(cfg.data.resolve()),
            imgsz=cfg.image_size,
            epochs=cfg.epochs,
            batch=cfg.batch_size,
            seed=cfg.seed,
            deterministic=True,
            patience=cfg.patience,
            workers=cfg.workers,
            project=str(runs.resolve()),
            name="detector",
            exist_ok=True,
            plots=False,
            amp=False,
            device="cpu" if not _cuda() else 0,
        )
    best = runs / "detector" / "weights" / "best.pt"
    target = cfg.out / "detector.pt"
    shutil.copy2(best, target)
    scrub_checkpoint(target)
    return target


def scrub_checkpoint(path: Path) -> None:
    """Drop what an ultralytics checkpoint records about the machine it was trained on.

    The weights are untouched; absolute paths in the training arguments become
    their last parts, and the git record (the local checkout's path) is removed,
    so a shipped model says nothing about a developer's disk.
    """
    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    checkpoint.pop("git", None)
    for holder in (checkpoint.get("train_args"), getattr(checkpoint.get("model"), "args", None)):
        if isinstance(holder, dict):
            for key in ("data", "project", "save_dir", "model"):
                value = holder.get(key)
                if isinstance(value, str) and Path(value).is_absolute():
                    holder[key] = str(Path(*Path(value).parts[-2:]))
    torch.save(checkpoint, path)


def _cuda() -> bool:
    import torch

    return bool(torch.cuda.is_available())


def ultralytics_predictions(
    weights: Path, images_bgr: list[np.ndarray], image_size: int, confidence: float, iou: float
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(boxes xyxy, confidences, class ids) per image, as ultralytics' own predictor gives them."""
    model = _offline_ultralytics().YOLO(str(weights))
    results = []
    for image in images_bgr:
        r = model.predict(image, imgsz=image_size, conf=confidence, iou=iou, rect=False, verbose=False, device="cpu")[0]
        results.append((r.boxes.xyxy.numpy(), r.boxes.conf.numpy(), r.boxes.cls.numpy().astype(int)))
    return results


def detection_arrays(detections: tuple[Detection, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runtime's detections as (boxes xyxy, confidences, class ids), as ultralytics_predictions gives them."""
    return (
        np.asarray([d.box for d in detections], np.float32).reshape(-1, 4),
        np.asarray([d.confidence for d in detections], np.float32),
        np.asarray([d.class_id for d in detections], np.int64),
    )


def match_detections(
    expected: tuple[np.ndarray, np.ndarray, np.ndarray],
    actual: tuple[np.ndarray, np.ndarray, np.ndarray],
    pixel: float = 0.0,
) -> list[str]:
    """Differences between two detection sets (empty when they agree within the parity tolerances).

    Boxes agree when their IoU is at least 0.98, or when no corner moves by more than ``pixel``
    (one network-input pixel in source pixels): ultralytics maps boxes back with a padding it
    computes from the unrounded resized size, which can be one pixel off the padding its own
    letterbox used; on a defect a few pixels wide that alone takes the IoU below 0.98.
    """
    from station.inference.detector import box_iou

    e_boxes, e_conf, e_cls = expected
    a_boxes, a_conf, a_cls = actual
    if len(e_boxes) != len(a_boxes):
        return [f"{len(a_boxes)} boxes, ultralytics gives {len(e_boxes)}"]
    problems = []
    unused = list(range(len(a_boxes)))
    for box, conf, cls in zip(e_boxes, e_conf, e_cls, strict=True):
        candidates = [j for j in unused if a_cls[j] == cls]
        if not candidates:
            problems.append(f"no box of class {cls} to match {box.round(1).tolist()}")
            continue
        ious = box_iou(box, a_boxes[candidates])
        best = int(np.argmax(ious))
        j = candidates[best]
        unused.remove(j)
        close = float(np.abs(a_boxes[j] - box).max()) <= pixel
        if (ious[best] < DETECTOR_PARITY_IOU and not close) or abs(a_conf[j] - conf) > DETECTOR_PARITY_CONF:
            problems.append(f"class {cls}: IoU {ious[best]:.4f}, confidence {a_conf[j]:.4f} vs {conf:.4f}")
    return problems


def checkpoint_record(weights: Path) -> dict[str, Any]:
    """What an ultralytics checkpoint says about its training run (for the model's metadata and card)."""
    import torch

    checkpoint = torch.load(weights, map_location="cpu", weights_only=False)
    args = checkpoint.get("train_args") or {}
    record: dict[str, Any] = {k: args[k] for k in ("data", "model", "epochs", "imgsz", "batch", "seed") if k in args}
    if checkpoint.get("date"):
        record["trained"] = str(checkpoint["date"])
    return record


def detector_info(weights: Path, image_size: int, names: dict[int, str], extra: dict[str, Any]) -> ModelInfo:
    """Metadata of an exported detector: its preprocessing and classes, and how and when it was made."""
    training = {
        **checkpoint_record(weights),
        "exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **extra.get("training", {}),
    }
    return ModelInfo(
        task="detector",
        architecture=str(extra.get("architecture", "yolov8")),
        input_size=(image_size, image_size),
        resize="letterbox",
        color_order="RGB",
        class_names=tuple(names[i] for i in sorted(names)),
        threshold=float(extra.get("threshold", 0.25)),
        outputs={"predictions": "output0"},
        training=training,
        metrics=dict(extra.get("metrics", {})),
    )


def export_detector(
    weights: Path,
    out: Path,
    images_bgr: list[np.ndarray],
    image_size: int,
    confidence: float = 0.25,
    iou: float = 0.7,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Export to ONNX with metadata; refuse unless its boxes match ultralytics' own on ``images_bgr``."""
    from station.inference.detector import Detector

    ultralytics = _offline_ultralytics()
    model = ultralytics.YOLO(str(weights))
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        staged_weights = Path(tmp) / "detector.pt"
        shutil.copy2(weights, staged_weights)
        exported = Path(
            ultralytics.YOLO(str(staged_weights)).export(
                format="onnx", imgsz=image_size, opset=17, dynamic=False, simplify=False, nms=False, device="cpu"
            )
        )
        attach_metadata(exported, detector_info(weights, image_size, model.names, extra or {}))
        runtime = Detector(exported, device="cpu")
        expected = ultralytics_predictions(weights, images_bgr, image_size, confidence, iou)
        for i, (image, reference) in enumerate(zip(images_bgr, expected, strict=True)):
            actual = detection_arrays(runtime.predict(image, confidence, iou).detections)
            one_pixel = 1.0 / min(image_size / image.shape[0], image_size / image.shape[1]) + 0.01
            problems = match_detections(reference, actual, pixel=one_pixel)
            if problems:
                raise ExportParityError(f"image {i}: ONNX detector differs from ultralytics: {'; '.join(problems)}")
        exported.replace(out)
    return out
