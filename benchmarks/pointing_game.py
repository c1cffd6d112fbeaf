"""Pointing game of a recipe's classifier heatmap on hand-marked defect boxes.

    uv run python benchmarks/pointing_game.py --recipe models/casting \
        --data ../shared/data/casting/train --marks models/casting/marked_defects.json

Prints hits / marked images and names the misses; ``--json`` writes the report for a model card.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from station.core.recipe import Recipe, RecipeError
from station.inference.classifier import Classifier
from station.inference.onnxmodel import ModelLoadError
from station.training.pointing import BOX_TOLERANCE_PX, load_marks, pointing_game


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", type=Path, default=Path("models/casting"), help="recipe folder")
    parser.add_argument("--model", type=Path, help="score this classifier .onnx instead of the recipe's")
    parser.add_argument("--data", type=Path, required=True, help="folder the marked image names are relative to")
    parser.add_argument("--marks", type=Path, default=Path("models/casting/marked_defects.json"))
    parser.add_argument("--tolerance", type=int, default=BOX_TOLERANCE_PX, help="pixels a hit may lie outside")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args(argv)
    try:
        if args.model is not None:
            model_path = args.model
        else:
            recipe = Recipe.load(args.recipe)
            if recipe.classifier is None:
                raise ValueError(f"recipe {args.recipe} has no classifier")
            model_path = args.recipe / recipe.classifier
        classifier = Classifier(model_path, device="cpu")
        report = pointing_game(classifier, args.data, load_marks(args.marks), args.tolerance)
        strict = pointing_game(classifier, args.data, load_marks(args.marks), 0) if args.tolerance else report
    except (ValueError, RecipeError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"{model_path}: pointing game {report.hits}/{report.total} = {report.score:.3f}"
        f" (tolerance {report.tolerance_px} px)"
    )
    print(f"  strict (inside the box): {strict.hits}/{strict.total} = {strict.score:.3f}")
    print(f"  misses: {', '.join(report.misses) or 'none'}")
    if args.json is not None:
        args.json.write_text(json.dumps({"tolerant": report.as_dict(), "strict": strict.as_dict()}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
