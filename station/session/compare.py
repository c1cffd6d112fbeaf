"""Two recipes scored on the same labelled images, before one replaces the other on the line.

``station evaluate --recipe CURRENT --compare CANDIDATE --data DIR`` prints this comparison;
the model page shows it as charts. It runs each recipe's whole cascade as the line does (ONNX
Runtime, the recipe's operating threshold), on ``DIR/ok`` and ``DIR/defect``, and computes the
figures with NumPy: the packaged app carries no training stack. Seconds to minutes: call it from
a worker, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.core.types import Frame, Verdict
from station.inference.cascade import Cascade

CLASSES = ("ok", "defect")  # index 1 is the positive (defect) class, as in training
SUMMARY_KEYS = ("accuracy", "precision", "recall", "f1", "roc_auc")


def labelled_images(data_dir: Path) -> tuple[list[Path], np.ndarray]:
    """``DIR/ok/*`` and ``DIR/defect/*`` images with labels 0 / 1; ValueError says what is missing."""
    paths: list[Path] = []
    labels: list[int] = []
    for label, name in enumerate(CLASSES):
        folder = data_dir / name
        if not folder.is_dir():
            raise ValueError(f"{data_dir} must hold ok/ and defect/ folders; {folder} is missing")
        files = sorted(p for p in folder.iterdir() if p.is_file() and is_image_name(p))
        paths += files
        labels += [label] * len(files)
    if not paths:
        raise ValueError(f"no images under {data_dir}/ok or {data_dir}/defect")
    return paths, np.asarray(labels, dtype=np.int64)


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Area under the ROC curve (the Mann-Whitney statistic, ties counted half); None with one class only."""
    positive, negative = scores[labels == 1], scores[labels == 0]
    if positive.size == 0 or negative.size == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(scores.size, dtype=np.float64)
    sorted_scores = scores[order]
    i = 0
    while i < scores.size:  # average ranks over ties
        j = i
        while j + 1 < scores.size and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    u = ranks[labels == 1].sum() - positive.size * (positive.size + 1) / 2.0
    return float(u / (positive.size * negative.size))


def figures(labels: np.ndarray, predicted: np.ndarray, scores: np.ndarray) -> dict[str, Any]:
    """Accuracy, the defect class's precision/recall/F1, per-class figures, ``[[tn, fp], [fn, tp]]``, ROC AUC."""
    truth, flagged = labels.astype(bool), predicted.astype(bool)
    tp, tn = int(np.sum(flagged & truth)), int(np.sum(~flagged & ~truth))
    fp, fn = int(np.sum(flagged & ~truth)), int(np.sum(~flagged & truth))
    confusion = [[tn, fp], [fn, tp]]
    return {
        "images": tp + tn + fp + fn,
        "accuracy": (tp + tn) / (tp + tn + fp + fn) if tp + tn + fp + fn else 0.0,
        **{k: v for k, v in per_class(confusion)["defect"].items() if k != "support"},
        "roc_auc": roc_auc(labels, scores),
        "confusion_matrix": confusion,
        "per_class": per_class(confusion),
    }


def per_class(confusion: list[list[int]]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each class from ``[[tn, fp], [fn, tp]]`` (rows: truth)."""
    matrix = np.asarray(confusion, dtype=np.float64)
    out = {}
    for index, name in enumerate(CLASSES):
        hit = matrix[index, index]
        said, real = matrix[:, index].sum(), matrix[index, :].sum()
        precision = hit / said if said else 0.0
        recall = hit / real if real else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[name] = {"precision": float(precision), "recall": float(recall), "f1": float(f1), "support": float(real)}
    return out


def score(
    cascade: Cascade, paths: list[Path], progress: Callable[[int, int], None] | None = None
) -> tuple[np.ndarray, np.ndarray, list[dict[str, str]]]:
    """Each image's defect score and verdict (NG = 1) by the whole cascade; unreadable or refused ones apart."""
    scores = np.full(len(paths), np.nan)
    predicted = np.zeros(len(paths), dtype=np.int64)
    problems: list[dict[str, str]] = []
    for index, path in enumerate(paths):
        if progress is not None:
            progress(index, len(paths))
        try:
            image = read_image(path)
        except ImageReadError as exc:
            problems.append({"file": str(path), "error": str(exc)})
            continue
        inspection = cascade.inspect(Frame(str(path), index, image), with_heatmap=False)
        if inspection.verdict is Verdict.ERROR or inspection.defect_score is None:
            problems.append({"file": str(path), "error": inspection.error or "no defect score"})
            continue
        scores[index] = inspection.defect_score
        predicted[index] = int(inspection.verdict is Verdict.NG)
    return scores, predicted, problems


def compare(
    current: Cascade,
    candidate: Cascade,
    data_dir: Path,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Both recipes on the same images: figures for each, and candidate minus current.

    Only images both recipes inspected count, so the two sets of figures are on the same parts.
    """
    paths, labels = labelled_images(data_dir)
    total = 2 * len(paths)
    step = (lambda i, _n: progress(i, total)) if progress is not None else None
    step_b = (lambda i, _n: progress(len(paths) + i, total)) if progress is not None else None
    a_scores, a_pred, a_problems = score(current, paths, step)
    b_scores, b_pred, b_problems = score(candidate, paths, step_b)
    both = np.isfinite(a_scores) & np.isfinite(b_scores)
    if not both.any():
        raise ValueError(f"neither recipe inspected any image of {data_dir}")
    out: dict[str, Any] = {"data": str(data_dir), "images": int(both.sum()), "not_compared": int((~both).sum())}
    for key, cascade, scores, pred, problems in (
        ("current", current, a_scores, a_pred, a_problems),
        ("candidate", candidate, b_scores, b_pred, b_problems),
    ):
        out[key] = figures(labels[both], pred[both], scores[both]) | {
            "recipe": cascade.recipe.name,
            "folder": str(cascade.recipe.folder),
            "threshold": cascade.info.threshold,
            "problems": problems,
        }
    out["candidate_minus_current"] = {
        k: None
        if out["candidate"][k] is None or out["current"][k] is None
        else round(out["candidate"][k] - out["current"][k], 6)
        for k in SUMMARY_KEYS
    }
    return out
