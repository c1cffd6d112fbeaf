"""What a model file says about itself: preprocessing, classes, threshold, provenance.

Stored as JSON under the ``station`` key of the ONNX metadata, so an exported
model carries everything the runtime needs and cannot silently be fed inputs
prepared differently from training (RGB vs BGR, letterbox vs resize).
"""

from __future__ import annotations

import json
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

METADATA_KEY = "station"
SCHEMA_VERSION = 1
MAX_INPUT_SIDE = 4096  # px; a larger network input asks for gigabytes at warm-up (seen: 112 GiB)


class ModelInfo(BaseModel):
    """Metadata every station ONNX model must carry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = SCHEMA_VERSION
    task: Literal["classifier", "detector", "anomaly"]
    architecture: str
    input_size: tuple[int, int] = Field(description="(height, width) the network takes")
    resize: Literal["resize", "letterbox"]
    color_order: Literal["RGB", "BGR"]
    mean: tuple[float, float, float] = (0.0, 0.0, 0.0)
    std: tuple[float, float, float] = (1.0, 1.0, 1.0)
    scale: float = Field(1.0 / 255.0, description="multiplier applied to uint8 pixels before mean/std")
    class_names: tuple[str, ...]
    positive_class: str | None = Field(None, description="classifier: the class whose probability is the defect score")
    threshold: float = Field(0.5, ge=0.0, le=1.0, description="operating threshold chosen at training time")
    outputs: dict[str, str] = Field(default_factory=dict, description="role -> ONNX output name")
    training: dict[str, Any] = Field(default_factory=dict, description="data, split, seed, command")
    metrics: dict[str, Any] = Field(default_factory=dict, description="validation metrics at the threshold")

    @model_validator(mode="after")
    def _check(self) -> ModelInfo:
        if self.task == "classifier" and self.positive_class not in self.class_names:
            raise ValueError(f"positive_class {self.positive_class!r} is not one of the class names {self.class_names}")
        if min(self.input_size) < 1 or max(self.input_size) > MAX_INPUT_SIDE:
            raise ValueError(f"input_size must be 1 to {MAX_INPUT_SIDE} px a side, got {self.input_size}")
        if not all(math.isfinite(s) and s > 0 for s in self.std):
            raise ValueError(f"std must be finite and above 0 (it divides every pixel), got {self.std}")
        if not all(math.isfinite(m) for m in self.mean) or not (math.isfinite(self.scale) and self.scale > 0):
            raise ValueError(f"mean must be finite and scale finite and above 0, got {self.mean} and {self.scale}")
        if not self.class_names or len(set(self.class_names)) != len(self.class_names):
            raise ValueError(f"class_names must be distinct and not empty, got {self.class_names}")
        return self

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> ModelInfo:
        """Parse metadata, turning any problem into one readable ValueError."""
        try:
            return cls.model_validate(json.loads(text))
        except json.JSONDecodeError as exc:
            raise ValueError(f"invalid station metadata: not JSON ({exc})") from exc
        except ValidationError as exc:
            problems = "; ".join(
                " ".join(f"{'.'.join(str(p) for p in err['loc']) or 'metadata'}: {err['msg']}".split())
                for err in exc.errors()
            )
            raise ValueError(f"invalid station metadata: {problems}") from exc
        except (TypeError, RecursionError) as exc:  # e.g. a JSON list where a mapping belongs
            raise ValueError(f"invalid station metadata: {type(exc).__name__}") from exc
