"""Guard rails for retraining: a threshold needs a validation split big enough to choose it, and the
training folder should be a recipe the station can load as it is.

A fine-tune on a handful of reviewed parts once chose its threshold on a
2-image validation split (0.9955) and shipped recall 0.5 instead of 0.9, with
no warning; and ``--recipe OUT`` was refused until a recipe.yaml was written by
hand.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from station.core.recipe import SAFE_NAME, file_sha256

log = logging.getLogger(__name__)

MIN_VALIDATION_PER_CLASS = 20  # below this a recall target of 0.99 is decided by one or two images


class SmallValidationError(ValueError):
    """The validation split is too small to choose an operating threshold."""


def check_validation_split(
    labels: np.ndarray, minimum: int = MIN_VALIDATION_PER_CLASS, allow_small: bool = False
) -> str | None:
    """Refuse (or, when allowed, warn loudly and return the warning) when either class of the
    validation split has fewer than ``minimum`` images; labels are 0 = OK, 1 = defect."""
    defects = int(np.sum(labels == 1))
    ok = int(np.sum(labels == 0))
    if defects >= minimum and ok >= minimum:
        return None
    message = (
        f"the validation split has {defects} defect and {ok} OK images; at least {minimum} of each are needed "
        "to choose a threshold (with fewer, one image decides it and the recall on the line is unknown)"
    )
    if not allow_small:
        raise SmallValidationError(
            message + "; add reviewed parts, raise --val-fraction, or pass --allow-small-validation"
        )
    warning = "SMALL VALIDATION SPLIT: " + message + "; the threshold and metrics of this run are not trustworthy"
    log.warning(warning)
    return warning


class RecipeNameError(ValueError):
    """The training folder's name cannot be a recipe name (a recipe is named after its folder)."""


def recipe_name(folder: Path) -> str:
    """The recipe's name: its folder's name, which must be a safe name (letters, digits, - _ .)."""
    name = folder.resolve().name
    if not SAFE_NAME.match(name):
        raise RecipeNameError(
            f"the training folder {name!r} cannot name a recipe (letters, digits, '-', '_', '.'); "
            "rename the folder and write recipe.yaml with name: set to the new name"
        )
    return name


def write_training_recipe(out: Path, summary: dict[str, Any], classifier: str = "classifier.onnx") -> Path | None:
    """Write ``out/recipe.yaml`` naming the exported classifier, so ``--recipe OUT`` loads as it is.

    The threshold is left to the model's own metadata (chosen on validation at
    training time). An existing recipe.yaml is kept: it may carry a detector and
    settings someone chose; returns None then.
    """
    path = out / "recipe.yaml"
    if path.exists():
        log.info("kept the existing %s", path)
        return None
    validation = summary.get("validation") or {}
    parts = [
        f"retrained classifier: {summary.get('train_images', '?')} training and "
        f"{summary.get('val_images', '?')} validation images",
        f"threshold {float(summary['threshold']):.3f}" if summary.get("threshold") is not None else "",
        f"validation recall {float(validation['recall']):.3f}" if "recall" in validation else "",
    ]
    if summary.get("validation_warning"):
        parts.append("SMALL VALIDATION SPLIT")
    recipe: dict[str, Any] = {
        "name": recipe_name(out),
        "description": "; ".join(p for p in parts if p),
        "classifier": classifier,
    }
    if (out / classifier).is_file():  # the station refuses the model if its bytes change later
        recipe["models_sha256"] = {classifier: file_sha256(out / classifier)}
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(recipe, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tmp.replace(path)
    return path
