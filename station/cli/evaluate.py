"""``station evaluate``: a recipe's metrics on labelled images, optionally beside a candidate recipe."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from station.cli.common import fail, load_cascade_or_exit, recipe_args

if TYPE_CHECKING:
    from station.inference.cascade import Cascade


def _cmd_evaluate(args: argparse.Namespace) -> int:
    import json

    from station.training.evaluate import evaluate_classifier

    cascade = load_cascade_or_exit(args)
    if isinstance(cascade, int):
        return cascade
    if (args.data / "images").is_dir():
        return _evaluate_yolo_layout(args, cascade)
    if cascade.anomaly is not None and args.compare is None:
        from station.cli.anomaly import cmd_evaluate_anomaly

        return cmd_evaluate_anomaly(args, cascade)
    if cascade.classifier is None or cascade.threshold is None:
        return fail(f"recipe {cascade.recipe.name!r} has no classifier to evaluate")
    try:
        report = evaluate_classifier(cascade.classifier, args.data, cascade.threshold, args.json)
    except ValueError as exc:
        return fail(str(exc))
    keys = ("images", "threshold", "accuracy", "precision", "recall", "f1", "roc_auc", "confusion_matrix")
    summary = {k: report[k] for k in keys} | {"unreadable": len(report["unreadable"])}
    if args.compare is None:
        print(json.dumps(summary))
        return 0
    candidate = load_cascade_or_exit(argparse.Namespace(recipe=args.compare, device=args.device))
    if isinstance(candidate, int):
        return candidate
    if candidate.classifier is None or candidate.threshold is None:
        return fail(f"recipe {args.compare!r} has no classifier to compare")
    other = evaluate_classifier(candidate.classifier, args.data, candidate.threshold, None)
    other_summary = {k: other[k] for k in keys}
    delta = {k: round(other[k] - report[k], 6) for k in ("accuracy", "precision", "recall", "f1", "roc_auc")}
    print(json.dumps({"current": summary, "candidate": other_summary, "candidate_minus_current": delta}))
    return 0


def _evaluate_yolo_layout(args: argparse.Namespace, cascade: Cascade) -> int:
    """Detector mAP (and the heatmap pointing game where masks exist) on a YOLO layout."""
    import json

    from station.training.evaluate_detector import evaluate_yolo_layout

    if cascade.detector is None and cascade.classifier is None:
        return fail(f"recipe {cascade.recipe.name!r} has no model to evaluate")
    try:
        report = evaluate_yolo_layout(args.data, cascade.detector, cascade.classifier, args.split)
    except (ValueError, OSError, KeyError) as exc:
        return fail(f"cannot evaluate {args.data}: {exc}")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(
        json.dumps({k: v for k, v in report.items() if k != "unreadable"} | {"unreadable": len(report["unreadable"])})
    )
    return 0


def add_evaluate_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ev = sub.add_parser(
        "evaluate",
        help="metrics of a recipe's classifier (or anomaly model) on DIR/ok + DIR/defect (or MVTec's test layout)",
    )
    recipe_args(ev)
    ev.add_argument("--data", type=Path, required=True)
    ev.add_argument("--json", type=Path, default=None, help="write the report here, plots beside it")
    ev.add_argument("--split", choices=("train", "val"), default=None, help="YOLO layout: only this split's images")
    ev.add_argument(
        "--compare",
        default=None,
        help="a candidate recipe (e.g. a fine-tuned one) scored on the same images, side by side with --recipe",
    )
    ev.set_defaults(func=_cmd_evaluate)
