"""Typed results and configuration shared by every layer; imports nothing of ours."""

from station.core.modelinfo import ModelInfo
from station.core.recipe import Recipe, RecipeError
from station.core.types import Detection, Frame, Inspection, Verdict

__all__ = ["Detection", "Frame", "Inspection", "ModelInfo", "Recipe", "RecipeError", "Verdict"]
