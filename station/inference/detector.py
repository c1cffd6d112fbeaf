"""YOLOv8 detector on ONNX Runtime: letterbox, decode and class-aware NMS in NumPy.

Reads the raw head output as ultralytics exports it (1 x (4 + classes) x anchors,
boxes as centre/size in input pixels, class scores already sigmoid-activated)
and reproduces ultralytics' own post-processing, so boxes match its predictions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from station.core.types import Detection
from station.inference.onnxmodel import Device, ModelLoadError, OnnxModel
from station.inference.preprocess import prepare

MAX_DETECTIONS = 300
CLASS_OFFSET = 7680.0  # separates classes so one NMS pass is class-aware, as ultralytics does


def box_iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """IoU of one xyxy box with each of ``boxes``."""
    x1 = np.maximum(box[0], boxes[:, 0])
    y1 = np.maximum(box[1], boxes[:, 1])
    x2 = np.minimum(box[2], boxes[:, 2])
    y2 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    iou: np.ndarray = inter / np.maximum(area + areas - inter, 1e-9)
    return iou


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float, limit: int = MAX_DETECTIONS) -> np.ndarray:
    """Greedy non-maximum suppression; indices of the kept boxes, best first."""
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size and len(keep) < limit:
        best = int(order[0])
        keep.append(best)
        rest = order[1:]
        order = rest[box_iou(boxes[best], boxes[rest]) <= iou_threshold]
    return np.asarray(keep, dtype=np.int64)


def decode(output: np.ndarray, confidence: float, iou_threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(boxes xyxy in input pixels, scores, class ids) from one image's raw YOLOv8 output (4+C x N)."""
    predictions = output.T  # N x (4 + C)
    class_scores = predictions[:, 4:]
    class_ids = class_scores.argmax(axis=1)
    scores = class_scores[np.arange(len(class_ids)), class_ids]
    keep = scores > confidence
    predictions, scores, class_ids = predictions[keep], scores[keep], class_ids[keep]
    cx, cy, w, h = predictions[:, 0], predictions[:, 1], predictions[:, 2], predictions[:, 3]
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    kept = nms(boxes + (class_ids * CLASS_OFFSET)[:, None], scores, iou_threshold)
    return boxes[kept], scores[kept], class_ids[kept]


@dataclass(frozen=True)
class DetectorOutput:
    detections: tuple[Detection, ...]
    timings_ms: dict[str, float]


class Detector(OnnxModel):
    """YOLOv8 detector exported by ``station export``."""

    expected_task = "detector"

    def __init__(self, path: Path, device: Device = "auto", expected_sha256: str | None = None) -> None:
        super().__init__(path, device, expected_sha256)
        shape = list(self.session.get_outputs()[0].shape)
        if len(shape) != 3:
            raise ModelLoadError(f"{self.path}: output has shape {shape}, a YOLOv8 head is N x (4 + classes) x anchors")
        channels = shape[1]
        if isinstance(channels, int) and channels != 4 + len(self.info.class_names):
            raise ModelLoadError(
                f"{self.path}: output has {channels - 4} classes, metadata lists {len(self.info.class_names)}"
            )

    def predict(self, image_bgr: np.ndarray, confidence: float = 0.25, iou: float = 0.7) -> DetectorOutput:
        t0 = time.perf_counter()
        tensor, placement = prepare(image_bgr, self.info)
        t1 = time.perf_counter()
        output = self.session.run(None, {self.input_name: tensor})[0]
        t2 = time.perf_counter()
        boxes, scores, class_ids = decode(output[0], confidence, iou)
        height, width = image_bgr.shape[:2]
        boxes = placement.to_source(boxes, width, height)
        detections = tuple(
            Detection(
                label=self.info.class_names[int(c)],
                class_id=int(c),
                confidence=float(min(max(s, 0.0), 1.0)),
                box=(float(b[0]), float(b[1]), float(b[2]), float(b[3])),
            )
            for b, s, c in zip(boxes, scores, class_ids, strict=True)
        )
        t3 = time.perf_counter()
        return DetectorOutput(
            detections, {"detector_preprocess": (t1 - t0) * 1e3, "detector": (t2 - t1) * 1e3 + (t3 - t2) * 1e3}
        )
