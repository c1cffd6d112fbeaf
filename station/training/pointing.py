"""Pointing game on hand-marked defect boxes: does the heatmap's hottest pixel land on the defect?

The casting data has image-level labels only, so the defects of a sample of validation images were
marked by eye as boxes (``models/casting/marked_defects.json``, see ``MARKING.md`` there). This module
scores any classifier's Grad-CAM against such boxes, the same way ``evaluate_detector`` scores it
against pixel masks, so the figure in a model card can be re-measured with one command.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from station.capture.imagefile import ImageReadError, read_image
from station.core.recipe import Recipe, RecipeError
from station.inference.anomaly import AnomalyModel
from station.inference.classifier import Classifier
from station.inference.onnxmodel import ModelLoadError
from station.training.data import read_name_list
from station.training.evaluate_detector import POINTING_DILATION_PX, pointing_hit

Box = tuple[int, int, int, int]  # x1, y1, x2, y2 in image pixels, inclusive-exclusive
BOX_TOLERANCE_PX = 8  # a hot spot this close to the marked box still points at it (marks are by eye)


@dataclass(frozen=True)
class PointingReport:
    """Hits over marked images, with the misses named so a reviewer can look at them."""

    hits: int
    total: int
    tolerance_px: int
    misses: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def as_dict(self) -> dict[str, object]:
        return {
            "hits": self.hits,
            "total": self.total,
            "score": self.score,
            "tolerance_px": self.tolerance_px,
            "misses": self.misses,
        }


def load_marks(path: Path) -> dict[str, list[Box]]:
    """Marked boxes per image (path relative to the data folder); a clear error on a malformed file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read marked boxes: {exc}") from exc
    boxes = raw.get("boxes") if isinstance(raw, dict) else None
    if not isinstance(boxes, dict) or not boxes:
        raise ValueError(f"{path}: expected {{'boxes': {{image: [[x1, y1, x2, y2], ...]}}}}")
    marks: dict[str, list[Box]] = {}
    for name, image_boxes in boxes.items():
        if not isinstance(image_boxes, list) or not image_boxes:
            raise ValueError(f"{path}: {name} has no boxes")
        parsed: list[Box] = []
        for box in image_boxes:
            if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, int) for v in box)):
                raise ValueError(f"{path}: {name}: box {box!r} is not four integers")
            x1, y1, x2, y2 = box
            if x2 <= x1 or y2 <= y1:
                raise ValueError(f"{path}: {name}: box {box!r} is empty")
            parsed.append((x1, y1, x2, y2))
        marks[str(name)] = parsed
    return marks


def box_mask(boxes: list[Box], height: int, width: int) -> np.ndarray:
    """A uint8 mask (255 inside any box) at image size, clipped to the image."""
    mask = np.zeros((height, width), np.uint8)
    for x1, y1, x2, y2 in boxes:
        mask[max(y1, 0) : min(y2, height), max(x1, 0) : min(x2, width)] = 255
    return mask


def heatmap_points_at(heatmap: np.ndarray, boxes: list[Box], height: int, width: int, tolerance_px: int) -> bool:
    """Does the heatmap's maximum, upsampled to the image, fall in a box (grown by ``tolerance_px``)?"""
    return pointing_hit(heatmap.astype(np.float32), box_mask(boxes, height, width), dilation_px=tolerance_px)


def live_heatmap(model: Classifier | AnomalyModel, image_bgr: np.ndarray) -> np.ndarray:
    """The heatmap the station shows for this part: the classifier's Grad-CAM or the anomaly map."""
    if isinstance(model, AnomalyModel):
        return model.predict(image_bgr).map
    heatmap = model.predict(image_bgr, with_heatmap=True).heatmap
    assert heatmap is not None  # pointing_game checked heatmap_weights
    return heatmap


def pointing_game(
    model: Classifier | AnomalyModel,
    data_root: Path,
    marks: dict[str, list[Box]],
    tolerance_px: int = BOX_TOLERANCE_PX,
) -> PointingReport:
    """Pointing game of ``model``'s live heatmap (Grad-CAM or anomaly map) on marked images."""
    if isinstance(model, Classifier) and model.heatmap_weights is None:
        raise ValueError(f"{model.path}: exports no feature map, so it has no heatmap to score")
    hits, misses = 0, []
    for name in sorted(marks):
        try:
            image = read_image(data_root / name)
        except ImageReadError as exc:
            raise ValueError(f"marked image {name}: {exc}") from exc
        heatmap = live_heatmap(model, image)
        height, width = image.shape[:2]
        if heatmap_points_at(heatmap, marks[name], height, width, tolerance_px):
            hits += 1
        else:
            misses.append(name)
    return PointingReport(hits, len(marks), tolerance_px, misses)


def mask_images(data_root: Path, names: set[str] | None) -> list[tuple[Path, Path]]:
    """(image, mask) pairs under ``data_root`` whose mask ``NAME.png`` beside ``NAME.jpg`` has a defect pixel
    (the magnetic-tile layout); only the file names in ``names`` when given (e.g. a validation list, whose
    names may carry the class folder as a prefix, ``crack_NAME.jpg``, as ``station data masks-to-yolo`` writes)."""
    pairs = []
    for image in sorted(data_root.rglob("*.jpg")):
        mask = image.with_suffix(".png")
        listed = names is None or image.name in names or f"{image.parent.name}_{image.name}" in names
        if listed and mask.is_file() and (read_image(mask)[..., 0] > 127).any():
            pairs.append((image, mask))
    return pairs


def pointing_game_masks(
    model: Classifier | AnomalyModel, pairs: list[tuple[Path, Path]], tolerance_px: int = POINTING_DILATION_PX
) -> PointingReport:
    """Pointing game on pixel masks: the heatmap's maximum inside the (grown) mask, as ``station evaluate``
    scores it on a YOLO layout with masks."""
    hits, misses = 0, []
    for image_path, mask_path in pairs:
        image = read_image(image_path)
        mask = read_image(mask_path)[..., 0]
        if pointing_hit(live_heatmap(model, image).astype(np.float32), mask, dilation_px=tolerance_px):
            hits += 1
        else:
            misses.append(str(image_path.relative_to(image_path.parent.parent)))
    return PointingReport(hits, len(pairs), tolerance_px, misses)


def pointing_main(argv: list[str] | None = None) -> int:
    """``benchmarks/pointing_game.py``: print (and optionally write) a recipe classifier's pointing game."""
    parser = argparse.ArgumentParser(
        description="Pointing game of a recipe's classifier heatmap on hand-marked defect boxes."
    )
    parser.add_argument("--recipe", type=Path, default=Path("models/casting"), help="recipe folder")
    parser.add_argument("--model", type=Path, help="score this classifier .onnx instead of the recipe's")
    parser.add_argument("--anomaly", type=Path, help="score this anomaly model's map (anomaly.onnx) instead")
    parser.add_argument("--data", type=Path, required=True, help="folder the marked image names are relative to")
    parser.add_argument("--marks", type=Path, default=Path("models/casting/marked_defects.json"))
    parser.add_argument(
        "--masks", action="store_true", help="score on the pixel masks beside the images (NAME.png) instead of --marks"
    )
    parser.add_argument("--list", type=Path, help="with --masks: only these file names (e.g. the split's val.txt)")
    parser.add_argument("--tolerance", type=int, default=None, help="pixels a hit may lie outside")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args(argv)
    try:
        if args.anomaly is not None or args.model is not None:
            model_path = args.anomaly if args.anomaly is not None else args.model
        else:
            recipe = Recipe.load(args.recipe)
            if recipe.classifier is None:
                raise ValueError(f"recipe {args.recipe} has no classifier")
            model_path = args.recipe / recipe.classifier
        model: Classifier | AnomalyModel = (
            AnomalyModel(model_path, "cpu") if args.anomaly is not None else Classifier(model_path, device="cpu")
        )
        if args.masks:
            pairs = mask_images(args.data, read_name_list(args.list) if args.list else None)
            if not pairs:
                raise ValueError(f"no images with a defect mask beside them under {args.data}")
            args.tolerance = POINTING_DILATION_PX if args.tolerance is None else args.tolerance
            report = pointing_game_masks(model, pairs, args.tolerance)
            strict = pointing_game_masks(model, pairs, 0) if args.tolerance else report
        else:
            args.tolerance = BOX_TOLERANCE_PX if args.tolerance is None else args.tolerance
            report = pointing_game(model, args.data, load_marks(args.marks), args.tolerance)
            strict = pointing_game(model, args.data, load_marks(args.marks), 0) if args.tolerance else report
    except (ValueError, RecipeError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"{model_path}: pointing game {report.hits}/{report.total} = {report.score:.3f}"
        f" (tolerance {report.tolerance_px} px)"
    )
    print(f"  strict (inside the {'mask' if args.masks else 'box'}): {strict.hits}/{strict.total} = {strict.score:.3f}")
    print(f"  misses: {', '.join(report.misses) or 'none'}")
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "model_sha256": model.sha256,
                    "marks": "pixel masks" if args.masks else str(args.marks),
                    "tolerant": report.as_dict(),
                    "strict": strict.as_dict(),
                },
                indent=1,
            )
            + "\n"
        )
    return 0
