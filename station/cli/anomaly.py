"""``station train anomaly``: a good-parts-only model from a folder of defect-free parts.

Kept apart from cli.py so the command moves as one piece; torch is imported only when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from station.inference.cascade import Cascade

EXIT_USAGE = 2


def _fail(message: str) -> int:
    print(f"station: {message}", file=sys.stderr)
    return EXIT_USAGE


def _cmd_train_anomaly(args: argparse.Namespace) -> int:
    from station.training.anomaly import AnomalyTrainConfig, train_anomaly
    from station.training.efficientnet_lite import WeightsNotInstalled
    from station.training.export import ExportParityError
    from station.training.export_anomaly import export_anomaly

    cfg = AnomalyTrainConfig(
        data=args.data,
        out=args.out,
        image_size=args.image_size,
        coreset=args.coreset,
        seed=args.seed,
        holdout=args.holdout,
        percentile=args.percentile,
        margin=args.margin,
        threads=args.threads,
    )
    command = "station " + " ".join(sys.argv[1:]) if sys.argv[1:3] == ["train", "anomaly"] else _command_of(args)
    try:
        summary = train_anomaly(cfg, command=command)
        path, parity = export_anomaly(args.out / "anomaly.pt", args.out / "anomaly.onnx", command=command)
    except (ValueError, WeightsNotInstalled, ExportParityError, OSError) as exc:
        return _fail(str(exc))
    facts: dict[str, Any] = {
        "model": str(path),
        "megabytes": round(path.stat().st_size / 1e6, 2),
        "bank_rows": summary["bank_rows"],
        "raw_threshold": round(summary["raw_threshold"], 5),
        "holdout_raw_scores": summary["holdout_raw_scores"],
        "coreset_seconds": summary["coreset_seconds"],
        "parity": parity,
    }
    print(json.dumps(facts))
    return 0


def cmd_evaluate_anomaly(args: argparse.Namespace, cascade: Cascade) -> int:
    """``station evaluate`` for a recipe with an anomaly stage: recall, accuracy, AUROC at its threshold."""
    from station.training.evaluate import evaluate_anomaly

    assert cascade.anomaly is not None and cascade.anomaly_threshold is not None
    try:
        report = evaluate_anomaly(cascade.anomaly, args.data, cascade.anomaly_threshold, args.json)
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    keys = ("images", "threshold", "accuracy", "precision", "recall", "f1", "roc_auc", "confusion_matrix")
    summary = {k: report[k] for k in keys} | {
        "recall_by_kind": report["recall_by_kind"],
        "unreadable": len(report["unreadable"]),
    }
    print(json.dumps(summary))
    return 0


def _command_of(args: argparse.Namespace) -> str:
    """The command line as it would be typed, for the model's metadata (when called from Python)."""
    parts = ["station train anomaly", f"--data {args.data}", f"--out {args.out}"]
    parts += [f"--image-size {args.image_size}", f"--coreset {args.coreset}", f"--seed {args.seed}"]
    parts += [f"--holdout {args.holdout}", f"--percentile {args.percentile}", f"--margin {args.margin}"]
    return " ".join(parts)


def add_anomaly_parsers(train: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``train anomaly`` to the ``station train`` subcommands."""
    ta = train.add_parser(
        "anomaly",
        help="good-parts-only (anomaly) model from a folder of defect-free images",
        description="PatchCore-style memory bank on EfficientNet-Lite0 ImageNet features; writes anomaly.onnx. "
        "The threshold is a percentile of the scores of good parts held out of the bank, times a margin.",
    )
    ta.add_argument("--data", type=Path, required=True, help="a folder of images of good parts only")
    ta.add_argument("--out", type=Path, required=True, help="recipe folder to write anomaly.onnx (and anomaly.pt)")
    ta.add_argument("--image-size", type=int, default=224, help="square input size (a multiple of 32)")
    ta.add_argument("--coreset", type=float, default=0.01, help="share of training patches kept in the memory bank")
    ta.add_argument("--seed", type=int, default=0)
    ta.add_argument("--holdout", type=float, default=0.2, help="share of good parts held out to set the threshold")
    ta.add_argument(
        "--percentile", type=float, default=100.0, help="percentile of held-out good scores (100 = the highest)"
    )
    ta.add_argument("--margin", type=float, default=1.1, help="threshold = that percentile x this margin")
    ta.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores)")
    ta.set_defaults(func=_cmd_train_anomaly)
