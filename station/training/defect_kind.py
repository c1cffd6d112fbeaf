"""Can the few labelled defects name the defect type? Cross-validated, from the anomalous region's features.

A measurement, not a shipped stage: for each defective part, the anomaly model's own patch features
are averaged over the region it flags (or its most anomalous 2 % of patches when it flags fewer),
with the region's size and peak added; a nearest-centroid rule and a logistic regression are scored
by stratified k-fold cross-validation over the defect types.

    uv run python -m station.training.defect_kind --model models/bottle/anomaly.pt --data ../shared/data/bottle/test
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import torch

from station.training.anomaly import PatchCore, load_images, load_trained_anomaly, to_batch
from station.training.evaluate import list_labelled_anomaly_data


def region_features(model: PatchCore, images: np.ndarray, deep: bool = False) -> np.ndarray:
    """One row per image: mean patch feature over the flagged region, its area share and peak score;
    with ``deep``, also Lite0's last (1280-channel, stride 32) map averaged over the same region."""
    from torch.nn import functional as F

    from station.training.efficientnet_lite import efficientnet_lite0

    backbone = efficientnet_lite0(pretrained=True).eval() if deep else None
    if backbone is not None:
        from station.training.anomaly import LITE_MEAN, LITE_STD

        backbone.accept_imagenet_normalisation(LITE_MEAN, LITE_STD)  # the batch is normalised as the bank's
    rows = []
    with torch.inference_mode():
        for image in images:
            x = to_batch(image[None])
            features = model.features(x)[0]  # C x h x w
            distance = model.raw(x)[0]  # h x w
            flagged = distance >= model.raw_threshold
            if int(flagged.sum()) < max(1, distance.numel() // 50):
                flagged = distance >= torch.quantile(distance.flatten(), 0.98)
            parts = [features[:, flagged].mean(dim=1)]
            parts.append(torch.tensor([float(flagged.float().mean()), float(distance.max() / model.raw_threshold)]))
            if backbone is not None:
                last = backbone.features(x)[0]
                coarse = F.adaptive_max_pool2d(flagged[None, None].float(), last.shape[-2:])[0, 0] > 0
                parts.append(last[:, coarse].mean(dim=1))
            rows.append(torch.cat(parts).numpy())
    return np.stack(rows)


def cross_validate(features: np.ndarray, kinds: list[str], folds: int, seed: int) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.neighbors import NearestCentroid
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    labels = np.asarray(kinds)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    names, counts = np.unique(labels, return_counts=True)
    per_kind = {str(k): int(v) for k, v in zip(names, counts, strict=True)}
    report: dict[str, Any] = {"images": len(labels), "folds": folds, "per_kind": per_kind}
    models = {
        "nearest_centroid": make_pipeline(StandardScaler(), NearestCentroid()),
        "logistic_regression": make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000)),
    }
    for name, estimator in models.items():
        predicted = cross_val_predict(estimator, features, labels, cv=splitter)
        confusion = [[int(np.sum((labels == a) & (predicted == b))) for b in per_kind] for a in per_kind]
        accuracy = round(float(np.mean(predicted == labels)), 4)
        report[name] = {"accuracy": accuracy, "confusion": confusion, "order": sorted(per_kind)}
    report["chance"] = round(max(per_kind.values()) / len(labels), 4)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="anomaly.pt from `station train anomaly`")
    parser.add_argument("--data", type=Path, required=True, help="MVTec layout: good/ + one folder per defect type")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--deep", action="store_true", help="add Lite0's last feature map over the region")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model, saved = load_trained_anomaly(args.model)
    paths, labels, kinds = list_labelled_anomaly_data(args.data)
    defect_paths = [p for p, label in zip(paths, labels, strict=True) if label]
    defect_kinds = [k for k, label in zip(kinds, labels, strict=True) if label]
    images, kept, _ = load_images(defect_paths, int(saved["image_size"]), "decode")
    kept_kinds = [k for p, k in zip(defect_paths, defect_kinds, strict=True) if p in set(kept)]
    print(json.dumps(cross_validate(region_features(model, images, args.deep), kept_kinds, args.folds, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
