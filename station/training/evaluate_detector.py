"""Evaluate a recipe's detector on a YOLO layout (mAP through the station's own ONNX runtime),
and the classifier heatmap's pointing game where defect masks are available."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import yaml
from tqdm import tqdm

from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.inference.classifier import Classifier
from station.inference.detector import Detector

IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)
EVAL_CONFIDENCE = 0.001  # as ultralytics validates: keep low-confidence boxes for the PR curve
POINTING_DILATION_PX = 15


def yolo_images(root: Path, split: str | None) -> list[Path]:
    """Images of a YOLO layout, all of them or those listed for ``split`` in data.yaml."""
    images_dir = root / "images"
    if not images_dir.is_dir():
        raise ValueError(f"{root} is not a YOLO layout: no images/ folder")
    images = sorted(p for p in images_dir.iterdir() if is_image_name(p) and not _is_mask(p))
    if split is None:
        return images
    data = yaml.safe_load((root / "data.yaml").read_text(encoding="utf-8"))
    listed = {Path(line.strip()).name for line in (root / str(data[split])).read_text().splitlines() if line.strip()}
    return [p for p in images if p.name in listed]


def _is_mask(path: Path) -> bool:
    return path.suffix.lower() == ".png" and any(path.with_suffix(s).exists() for s in (".jpg", ".jpeg"))


def read_labels(label_file: Path, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Ground-truth classes and xyxy pixel boxes from a YOLO label file (missing file = no defects)."""
    if not label_file.is_file():
        return np.zeros(0, np.int64), np.zeros((0, 4), np.float32)
    rows = np.array(
        [list(map(float, line.split())) for line in label_file.read_text().splitlines() if line.strip()], np.float32
    ).reshape(-1, 5)
    cx, cy, w, h = rows[:, 1] * width, rows[:, 2] * height, rows[:, 3] * width, rows[:, 4] * height
    return rows[:, 0].astype(np.int64), np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)


def pairwise_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU matrix (len(a) x len(b)) of xyxy boxes."""
    tl = np.maximum(a[:, None, :2], b[None, :, :2])
    br = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.clip(br - tl, 0, None).prod(axis=2)
    area_a = (a[:, 2:] - a[:, :2]).prod(axis=1)
    area_b = (b[:, 2:] - b[:, :2]).prod(axis=1)
    iou: np.ndarray = inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-9)
    return iou


def match(pred_cls: np.ndarray, pred_boxes: np.ndarray, gt_cls: np.ndarray, gt_boxes: np.ndarray) -> np.ndarray:
    """Correct-at-each-IoU-threshold matrix (detections x 10); detections come best first.

    Each ground-truth box is claimed at most once per threshold, by the most
    confident detection of its class that overlaps it enough (as ultralytics does).
    """
    correct = np.zeros((len(pred_cls), len(IOU_THRESHOLDS)), bool)
    if not len(pred_cls) or not len(gt_cls):
        return correct
    iou = pairwise_iou(gt_boxes, pred_boxes) * (gt_cls[:, None] == pred_cls[None, :])
    claimed = np.zeros((len(gt_cls), len(IOU_THRESHOLDS)), bool)
    columns = np.arange(len(IOU_THRESHOLDS))
    for j in range(len(pred_cls)):
        available = np.where(claimed, 0.0, iou[:, j, None])
        best = available.argmax(0)
        correct[j] = available[best, columns] >= IOU_THRESHOLDS
        claimed[best, columns] |= correct[j]
    return correct


def find_mask(image: Path) -> Path | None:
    for candidate in (image.parent.parent / "masks" / f"{image.stem}.png", image.with_suffix(".png")):
        if candidate.is_file() and candidate != image:
            return candidate
    return None


def pointing_hit(heatmap: np.ndarray, mask: np.ndarray, dilation_px: int = POINTING_DILATION_PX) -> bool:
    """Does the heatmap's maximum, at image resolution, fall inside the dilated defect mask?"""
    height, width = mask.shape
    upscaled = cv2.resize(heatmap, (width, height), interpolation=cv2.INTER_CUBIC)
    y, x = np.unravel_index(int(np.argmax(upscaled)), upscaled.shape)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * dilation_px + 1, 2 * dilation_px + 1))
    dilated = cv2.dilate((mask > 127).astype(np.uint8), kernel)
    return bool(dilated[y, x])


def evaluate_yolo_layout(
    root: Path, detector: Detector | None, classifier: Classifier | None, split: str | None = None
) -> dict[str, Any]:
    """mAP50, mAP50-95 and per-class AP of ``detector``; pointing game of ``classifier`` where masks exist."""
    from ultralytics.utils.metrics import ap_per_class

    images = yolo_images(root, split)
    if not images:
        raise ValueError(f"no images to evaluate under {root}")
    correct, confidences, pred_classes, target_classes = [], [], [], []
    pointing_hits, pointing_total = 0, 0
    unreadable = []
    for path in tqdm(images, desc="evaluate", unit="img"):
        try:
            image = read_image(path)
        except ImageReadError as exc:
            unreadable.append({"file": str(path), "error": str(exc)})
            continue
        height, width = image.shape[:2]
        gt_cls, gt_boxes = read_labels(root / "labels" / f"{path.stem}.txt", width, height)
        target_classes.append(gt_cls)
        if detector is not None:
            dets = detector.predict(image, EVAL_CONFIDENCE, 0.7).detections
            boxes = np.asarray([d.box for d in dets], np.float32).reshape(-1, 4)
            cls = np.asarray([d.class_id for d in dets], np.int64)
            correct.append(match(cls, boxes, gt_cls, gt_boxes))
            confidences.append(np.asarray([d.confidence for d in dets], np.float32))
            pred_classes.append(cls)
        mask_path = find_mask(path)
        if classifier is not None and mask_path is not None and len(gt_cls):
            mask = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
            heatmap = classifier.predict(image).heatmap
            if mask is not None and heatmap is not None and (mask > 127).any():
                pointing_total += 1
                pointing_hits += pointing_hit(heatmap, mask)
    report: dict[str, Any] = {"data": str(root), "split": split or "all", "images": len(images) - len(unreadable)}
    report["unreadable"] = unreadable
    targets = np.concatenate(target_classes) if target_classes else np.zeros(0, np.int64)
    report["instances"] = len(targets)
    if detector is not None:
        names = detector.info.class_names
        result = ap_per_class(
            np.concatenate(correct), np.concatenate(confidences), np.concatenate(pred_classes), targets
        )
        ap, classes = result[5], result[6]
        per_class = {
            names[int(c)]: {"ap50": float(ap[i, 0]), "ap50_95": float(ap[i].mean())} for i, c in enumerate(classes)
        }
        report.update(
            {
                "map50": float(ap[:, 0].mean()) if len(ap) else 0.0,
                "map50_95": float(ap.mean()) if len(ap) else 0.0,
                "per_class": per_class,
                "detector_sha256": detector.sha256,
            }
        )
    if pointing_total:
        report["pointing_game"] = {
            "hits": pointing_hits,
            "defect_images": pointing_total,
            "score": pointing_hits / pointing_total,
            "dilation_px": POINTING_DILATION_PX,
        }
    return report
