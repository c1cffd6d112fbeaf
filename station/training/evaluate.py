"""Evaluate a recipe's classifier or anomaly model, through the same ONNX runtime the line uses, on labelled images."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from station.capture.imagefile import ImageReadError, read_image
from station.inference.anomaly import AnomalyModel
from station.inference.classifier import Classifier
from station.training.data import list_ok_defect
from station.training.metrics import binary_metrics


def score_folder(classifier: Classifier, data_dir: Path) -> tuple[np.ndarray, np.ndarray, list[dict[str, str]]]:
    """Defect scores and labels for every readable image, and the unreadable ones with why."""
    images = list_ok_defect(data_dir)
    scores, labels, errors = [], [], []
    for path, label in tqdm(
        zip(images.paths, images.labels, strict=True), total=len(images), desc="evaluate", unit="img"
    ):
        try:
            image = read_image(path)
        except ImageReadError as exc:
            errors.append({"file": str(path), "error": str(exc)})
            continue
        scores.append(classifier.predict(image, with_heatmap=False).defect_score)
        labels.append(int(label))
    return np.asarray(scores), np.asarray(labels), errors


def save_plots(metrics: dict[str, Any], labels: np.ndarray, scores: np.ndarray, stem: Path) -> list[Path]:
    """Confusion matrix and ROC curve as PNG next to the JSON report."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay, RocCurveDisplay

    written = []
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ConfusionMatrixDisplay(np.asarray(metrics["confusion_matrix"]), display_labels=["ok", "defect"]).plot(
        ax=ax, colorbar=False, values_format="d"
    )
    ax.set_title(f"threshold {metrics['threshold']:.4f}")
    fig.tight_layout()
    path = stem.with_name(stem.name + "_confusion.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    written.append(path)
    if len(np.unique(labels)) == 2:
        fig, ax = plt.subplots(figsize=(4.5, 4))
        RocCurveDisplay.from_predictions(labels, scores, ax=ax, name="classifier")
        ax.set_title(f"ROC (AUC {metrics['roc_auc']:.4f})")
        fig.tight_layout()
        path = stem.with_name(stem.name + "_roc.png")
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)
    return written


def evaluate_classifier(
    classifier: Classifier, data_dir: Path, threshold: float, json_path: Path | None = None
) -> dict[str, Any]:
    scores, labels, errors = score_folder(classifier, data_dir)
    if labels.size == 0:
        raise ValueError(f"no readable images under {data_dir}")
    report: dict[str, Any] = binary_metrics(labels, scores, threshold)
    report.update({"data": str(data_dir), "model_sha256": classifier.sha256, "unreadable": errors})
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=1), encoding="utf-8")
        report["plots"] = [p.name for p in save_plots(report, labels, scores, json_path.with_suffix(""))]
        json_path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def list_labelled_anomaly_data(data_dir: Path) -> tuple[list[Path], np.ndarray, list[str]]:
    """Images, labels (1 = defect) and defect kinds of ``DIR/ok + DIR/defect`` or MVTec's test layout
    (``DIR/good`` + one folder per defect type, e.g. ``broken_large``)."""
    from station.capture.imagefile import is_image_name

    if (data_dir / "ok").is_dir() and (data_dir / "defect").is_dir():
        images = list_ok_defect(data_dir)
        kinds = ["good" if label == 0 else "defect" for label in images.labels]
        return list(images.paths), images.labels, kinds
    if not (data_dir / "good").is_dir():
        raise ValueError(f"{data_dir} must hold ok/ + defect/, or good/ and one folder per defect type (MVTec AD)")
    paths: list[Path] = []
    kinds = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        files = sorted(p for p in folder.iterdir() if p.is_file() and is_image_name(p))
        paths += files
        kinds += [folder.name] * len(files)
    labels = np.asarray([int(kind != "good") for kind in kinds], dtype=np.int64)
    return paths, labels, kinds


def evaluate_anomaly(
    model: AnomalyModel, data_dir: Path, threshold: float, json_path: Path | None = None
) -> dict[str, Any]:
    """Recall, accuracy and AUROC of the anomaly stage at ``threshold``, with recall per defect type."""
    paths, all_labels, all_kinds = list_labelled_anomaly_data(data_dir)
    scores, labels, kinds, errors = [], [], [], []
    for path, label, kind in tqdm(
        zip(paths, all_labels, all_kinds, strict=True), total=len(paths), desc="evaluate", unit="img"
    ):
        try:
            image = read_image(path)
        except ImageReadError as exc:
            errors.append({"file": str(path), "error": str(exc)})
            continue
        scores.append(model.predict(image).score)
        labels.append(int(label))
        kinds.append(kind)
    if not labels:
        raise ValueError(f"no readable images under {data_dir}")
    score_array, label_array = np.asarray(scores), np.asarray(labels)
    report: dict[str, Any] = binary_metrics(label_array, score_array, threshold)
    report["recall_by_kind"] = {
        kind: float(np.mean([s >= threshold for s, k in zip(scores, kinds, strict=True) if k == kind]))
        for kind in sorted(set(kinds))
        if kind != "good"
    }
    report.update({"data": str(data_dir), "model_sha256": model.sha256, "unreadable": errors})
    report["scores"] = [
        {"file": str(p.relative_to(data_dir)), "score": round(float(s), 6)}
        for p, s in zip([p for p in paths if str(p) not in {e["file"] for e in errors}], scores, strict=True)
    ]
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=1), encoding="utf-8")
        report["plots"] = [p.name for p in save_plots(report, label_array, score_array, json_path.with_suffix(""))]
        json_path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report
