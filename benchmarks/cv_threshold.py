"""An operating threshold that holds on unseen parts: k-fold out-of-fold scores on the training images.

A threshold picked on the validation split sits on that split's weakest defect (64 defects: one
more miss is 1.6 points of recall). This picks it on the out-of-fold scores of the whole training
split instead (every training image scored by a model that never saw it), then the shipped model,
trained on all training images, is measured at that threshold on the untouched validation split.

    # 1. a folder of the training images only (links) and k stratified fold lists
    uv run python benchmarks/cv_threshold.py folds --data work/magnetic_tile_cls \
        --val-list work/magnetic_tile_yolo/val.txt --k 4 --seed 0 --out work/mt_cv
    # 2. train one model per fold: station train classifier --data work/mt_cv/data --val-list work/mt_cv/fold_K.txt ...
    # 3. out-of-fold scores -> threshold at the recall target
    uv run python benchmarks/cv_threshold.py pick --cv work/mt_cv --runs work/mt_cv/run_0 ... --recall-target 0.98
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from station.training.classifier import load_resized, predict_probabilities
from station.training.data import list_ok_defect, listed_split, read_name_list
from station.training.export import load_trained_classifier
from station.training.metrics import binary_metrics, choose_threshold


def make_folds(data: Path, val_list: Path, k: int, seed: int, out: Path) -> None:
    """Link the images not in ``val_list`` into ``out/data/{ok,defect}`` and write ``out/fold_i.txt``."""
    images = list_ok_defect(data)
    train_idx, _ = listed_split(images, read_name_list(val_list))
    train = images.subset(train_idx)
    for path in train.paths:
        link = out / "data" / path.parent.name / path.name
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(path.resolve())
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(train), dtype=np.int64)
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(train.labels == label))
        fold_of[members] = np.arange(members.size) % k
    for fold in range(k):
        names = [train.paths[i].name for i in np.flatnonzero(fold_of == fold)]
        (out / f"fold_{fold}.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
        print(f"fold {fold}: {len(names)} images, {int(train.labels[fold_of == fold].sum())} defects")


def pick(cv: Path, runs: list[Path], recall_target: float, json_out: Path | None) -> None:
    """Score each fold's held-out images with its own model; the threshold at ``recall_target`` on all of them."""
    images = list_ok_defect(cv / "data")
    scores = np.full(len(images), np.nan)
    for run in runs:
        model, saved = load_trained_classifier(run / "classifier.pt")
        held_out = read_name_list(Path(saved["summary"]["config"]["val_list"]))
        _, idx = listed_split(images, held_out)
        pixels = load_resized(images.subset(idx), int(saved["image_size"]), f"score {run.name}")
        scores[idx] = predict_probabilities(model, pixels)
    scored = ~np.isnan(scores)
    if not scored.all():
        print(f"only {int(scored.sum())} of {len(images)} training images scored: the folds of these runs only")
    threshold = choose_threshold(scores[scored], images.labels[scored], recall_target)
    metrics = binary_metrics(images.labels[scored], scores[scored], threshold)
    print(json.dumps(metrics, indent=1))
    if json_out is not None:
        report = {"recall_target": recall_target, "runs": [str(r) for r in runs], "out_of_fold": metrics}
        json_out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    folds = sub.add_parser("folds", help="training-only data folder and k stratified fold lists")
    folds.add_argument("--data", type=Path, required=True, help="ok/ + defect/ folder")
    folds.add_argument("--val-list", type=Path, required=True, help="the validation split to leave out")
    folds.add_argument("--k", type=int, default=4)
    folds.add_argument("--seed", type=int, default=0)
    folds.add_argument("--out", type=Path, required=True)
    choose = sub.add_parser("pick", help="out-of-fold scores -> threshold")
    choose.add_argument("--cv", type=Path, required=True, help="the folder `folds` wrote")
    choose.add_argument("--runs", type=Path, nargs="+", required=True, help="one training run per fold")
    choose.add_argument("--recall-target", type=float, required=True)
    choose.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.command == "folds":
        make_folds(args.data, args.val_list, args.k, args.seed, args.out)
    else:
        pick(args.cv, args.runs, args.recall_target, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
