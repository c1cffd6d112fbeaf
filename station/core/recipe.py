"""A recipe: one product's models and operating settings, in ``models/<name>/recipe.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

RECIPE_FILE = "recipe.yaml"


class RecipeError(Exception):
    """A recipe or one of its models cannot be used; the message names the file."""


class Recipe(BaseModel):
    """The settings of one product line. Unknown keys are refused, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    classifier: str | None = Field(None, description="ONNX file of the OK/defect classifier, relative to the recipe")
    detector: str | None = Field(None, description="ONNX file of the defect detector, relative to the recipe")
    anomaly: str | None = Field(
        None, description="ONNX file of the good-parts-only (anomaly) model, relative to the recipe; runs first"
    )
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="defect-score threshold; defaults to the one stored in the classifier"
    )
    detector_classes: tuple[str, ...] = ()
    detector_on: Literal["ng", "all"] = Field("ng", description="run the detector on NG parts only, or on every part")
    detector_confidence: float = Field(0.25, ge=0.0, le=1.0)
    detector_iou: float = Field(0.45, ge=0.0, le=1.0)
    folder: Path = Field(Path("."), exclude=True)

    @model_validator(mode="after")
    def _check(self) -> Recipe:
        if self.classifier is None and self.detector is None and self.anomaly is None:
            raise ValueError("a recipe needs an anomaly model, a classifier or a detector")
        if self.detector is not None and not self.detector_classes:
            raise ValueError("a recipe with a detector must list detector_classes")
        return self

    @property
    def classifier_path(self) -> Path | None:
        return None if self.classifier is None else self.folder / self.classifier

    @property
    def detector_path(self) -> Path | None:
        return None if self.detector is None else self.folder / self.detector

    @property
    def anomaly_path(self) -> Path | None:
        return None if self.anomaly is None else self.folder / self.anomaly

    @classmethod
    def load(cls, name_or_path: str | Path, models_dir: Path | None = None) -> Recipe:
        """Load a recipe by folder path or by name under ``models_dir``.

        Raises RecipeError with one line that names what is wrong.
        """
        folder = Path(name_or_path)
        if not (folder / RECIPE_FILE).is_file() and models_dir is not None:
            candidate = models_dir / str(name_or_path)
            if (candidate / RECIPE_FILE).is_file():
                folder = candidate
        file = folder / RECIPE_FILE
        if not file.is_file():
            if models_dir is not None and not Path(name_or_path).is_absolute() and len(folder.parts) == 1:
                file = models_dir / str(name_or_path) / RECIPE_FILE
            known = sorted(p.parent.name for p in models_dir.glob(f"*/{RECIPE_FILE}")) if models_dir else []
            hint = f" (known recipes: {', '.join(known)})" if known else ""
            raise RecipeError(f"unknown recipe {str(name_or_path)!r}: no {file}{hint}")
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise RecipeError(f"{file}: cannot read recipe: {exc}") from exc
        if not isinstance(data, dict):
            raise RecipeError(f"{file}: a recipe must be a mapping of settings")
        try:
            recipe = cls.model_validate({**data, "folder": folder})
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'recipe'}: {err['msg']}" for err in exc.errors()
            )
            raise RecipeError(f"{file}: {problems}") from exc
        for path in (recipe.anomaly_path, recipe.classifier_path, recipe.detector_path):
            if path is not None and not path.is_file():
                raise RecipeError(f"{file}: model file {path} does not exist")
        return recipe
