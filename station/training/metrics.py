"""Binary metrics at an operating threshold, defect = positive; shared by training and evaluation."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score


def choose_threshold(scores: np.ndarray, labels: np.ndarray, recall_target: float) -> float:
    """The highest threshold whose defect recall on ``scores`` still reaches ``recall_target``.

    It sits half-way between the last defect that must be caught and the next
    lower score, leaving a margin instead of sitting on a validation sample.
    """
    if not 0.0 < recall_target <= 1.0:
        raise ValueError(f"recall target must be in (0, 1], got {recall_target}")
    positives = np.sort(scores[labels == 1])[::-1]
    if positives.size == 0:
        raise ValueError("no defect images to choose a threshold on")
    must_catch = int(np.ceil(recall_target * positives.size - 1e-9))
    lowest_caught = positives[must_catch - 1]
    below = scores[scores < lowest_caught]
    next_lower = float(below.max()) if below.size else 0.0
    return float((lowest_caught + next_lower) / 2.0)


def binary_metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, Any]:
    """Accuracy, precision, recall, F1, ROC AUC and ``[[tn, fp], [fn, tp]]`` at ``threshold``."""
    labels = np.asarray(labels).astype(bool)
    predicted = np.asarray(scores) >= threshold
    tp = int(np.sum(predicted & labels))
    tn = int(np.sum(~predicted & ~labels))
    fp = int(np.sum(predicted & ~labels))
    fn = int(np.sum(~predicted & labels))
    total = tp + tn + fp + fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    both_classes = labels.any() and (~labels).any()
    return {
        "threshold": threshold,
        "images": total,
        "accuracy": (tp + tn) / total if total else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "roc_auc": float(roc_auc_score(labels, scores)) if both_classes else None,
        "confusion_matrix": [[tn, fp], [fn, tp]],
    }
