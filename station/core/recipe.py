"""A recipe: one product's models and operating settings, in ``models/<name>/recipe.yaml``.

A recipe is checked before anything runs: settings are strict (``threshold:
true`` or ``'0.5'`` are refused, not read as 1.0 and 0.5), its name is a safe
folder name equal to its folder, every model path stays inside the folder,
and when it lists ``models_sha256`` a model file whose bytes changed is refused
(by each model, on the bytes it loads).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

RECIPE_FILE = "recipe.yaml"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class RecipeError(Exception):
    """A recipe or one of its models cannot be used; the message names the file."""


def one_line(text: object) -> str:
    """A message on one line: YAML and pydantic errors span several, a refusal should not."""
    return " ".join(str(text).split())


def validation_problems(exc: ValidationError, root: str = "recipe") -> str:
    """A pydantic error as ``key: problem; key: problem`` on one line."""
    return "; ".join(one_line(f"{'.'.join(str(p) for p in err['loc']) or root}: {err['msg']}") for err in exc.errors())


def file_sha256(path: Path) -> str:
    """Content hash of a model file: recorded with every inspection and checked against the recipe's manifest."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(text: str) -> str:
    """``text`` made into a safe file-name part (for names read back from a database)."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", text)[:64].lstrip(".")
    return cleaned or "_"


class PartCheck(BaseModel):
    """When a frame is not a part at all (blank, noise, too small): the inspection becomes an ERROR.

    Defaults were chosen on the shipped demo images and the validation data:
    none of them is refused (see README, "Integrity and tamper-evidence").
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    enabled: bool = True
    min_side: int = Field(32, ge=1, le=4096, description="a frame smaller than this (px) on a side is refused")
    min_std: float = Field(2.0, ge=0.0, le=128.0, description="grey-level spread below this is a blank frame")
    min_neighbour_correlation: float = Field(
        0.25, ge=-1.0, le=1.0, description="pixels unrelated to their neighbours below this are noise, not a part"
    )


class Recipe(BaseModel):
    """The settings of one product line. Unknown keys are refused, so a typo never goes unnoticed."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str = Field(pattern=SAFE_NAME.pattern, description="letters, digits, '-', '_', '.'; the folder's name")
    description: str = ""
    classifier: str | None = Field(None, description="ONNX file of the OK/defect classifier, relative to the recipe")
    detector: str | None = Field(None, description="ONNX file of the defect detector, relative to the recipe")
    anomaly: str | None = Field(
        None, description="ONNX file of the good-parts-only (anomaly) model, relative to the recipe; runs first"
    )
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="defect-score threshold; defaults to the one stored in the classifier"
    )
    detector_classes: tuple[str, ...] = Field((), strict=False)  # YAML gives a list
    detector_on: Literal["ng", "all"] = Field("ng", description="run the detector on NG parts only, or on every part")
    detector_confidence: float = Field(0.25, ge=0.0, le=1.0)
    detector_iou: float = Field(0.45, ge=0.0, le=1.0)
    models_sha256: dict[str, str] = Field(
        default_factory=dict, description="model file -> SHA-256; a listed file whose bytes differ is refused"
    )
    part_check: PartCheck = Field(default_factory=PartCheck, strict=False)
    folder: Path = Field(Path("."), exclude=True, strict=False)

    @model_validator(mode="after")
    def _check(self) -> Recipe:
        if self.classifier is None and self.detector is None and self.anomaly is None:
            raise ValueError("a recipe needs an anomaly model, a classifier or a detector")
        if self.detector is not None and not self.detector_classes:
            raise ValueError("a recipe with a detector must list detector_classes")
        for file, digest in self.models_sha256.items():
            if not _SHA256.match(digest):
                raise ValueError(f"models_sha256: {file!r} needs 64 lower-case hex digits")
            if file not in (self.anomaly, self.classifier, self.detector):
                raise ValueError(f"models_sha256 lists {file!r}, which is none of the recipe's models")
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

    def model_paths(self) -> dict[str, Path]:
        """The recipe's model files by the name the recipe gives them."""
        names = (self.anomaly, self.classifier, self.detector)
        return {name: self.folder / name for name in names if name is not None}

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
        except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
            raise RecipeError(f"{file}: cannot read recipe: {one_line(exc)}") from exc
        if not isinstance(data, dict):
            raise RecipeError(f"{file}: a recipe must be a mapping of settings")
        try:
            recipe = cls.model_validate({**data, "folder": folder})
        except ValidationError as exc:
            raise RecipeError(f"{file}: {validation_problems(exc)}") from exc
        recipe._check_files(file)
        return recipe

    def _check_files(self, file: Path) -> None:
        """The name matches the folder; every model is a file inside the folder (its hash: at model load)."""
        root = self.folder.resolve()
        if self.name != root.name:
            raise RecipeError(f"{file}: name {self.name!r} differs from its folder's name {root.name!r}")
        for name, path in self.model_paths().items():
            resolved = path.resolve()
            if not resolved.is_relative_to(root):
                raise RecipeError(f"{file}: model file {name!r} lies outside the recipe folder")
            if path.is_dir():
                raise RecipeError(f"{file}: model file {path} is a directory, not an ONNX file")
            if not path.is_file():
                raise RecipeError(f"{file}: model file {path} does not exist")

    def check_model_files(self) -> None:
        """Hash every model file against ``models_sha256``, for callers that do not load the models.

        The runtime does not call this: each model checks the very bytes it loads (``OnnxModel``),
        so a file is read once per load and cannot change between the check and its use.
        """
        for name, path in self.model_paths().items():
            expected = self.models_sha256.get(name)
            if expected is not None and file_sha256(path) != expected:
                raise RecipeError(digest_mismatch(path))


def digest_mismatch(path: Path) -> str:
    """The one message for a model file whose bytes are not the ones its recipe lists."""
    return (
        f"{path}: does not match its SHA-256 in the recipe's models_sha256 "
        "(changed or damaged since the recipe was written); restore it or re-export the recipe"
    )


def recipe_fingerprint(recipe: Recipe, known_sha256: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What decides a recipe's verdicts: its operating settings and each model file's SHA-256.

    The history compares it with the one seen at the last start, so a change made
    outside the app (an edited recipe.yaml, a replaced model) becomes an audit entry.
    ``known_sha256`` (file name -> digest) are hashes already taken of the files just loaded
    (the models compute their own), so a start does not read every model once more.
    """
    known = known_sha256 or {}
    return {
        "threshold": recipe.threshold,
        "detector_on": recipe.detector_on,
        "detector_confidence": recipe.detector_confidence,
        "detector_iou": recipe.detector_iou,
        "detector_classes": list(recipe.detector_classes),
        "models": {name: known.get(name) or file_sha256(path) for name, path in sorted(recipe.model_paths().items())},
    }
