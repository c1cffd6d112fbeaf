"""Loading an ONNX model with its station metadata, on the execution provider asked for."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Literal

import numpy as np

from station.core.modelinfo import METADATA_KEY, ModelInfo
from station.core.recipe import RecipeError

log = logging.getLogger(__name__)

Device = Literal["auto", "cpu", "cuda"]
DEVICES: tuple[Device, ...] = ("auto", "cpu", "cuda")


class ModelLoadError(RecipeError):
    """A model file is missing, corrupt, lacks station metadata or does not match its recipe."""


def file_sha256(path: Path) -> str:
    """Content hash recorded with every inspection, so results trace to the exact model file."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def select_providers(device: Device) -> list[str]:
    """Execution providers for ``device``: CPU always last, CUDA/TensorRT only when the GPU build has them."""
    import onnxruntime as ort

    available = set(ort.get_available_providers())
    if device == "cpu":
        return ["CPUExecutionProvider"]
    gpu = [p for p in ("TensorrtExecutionProvider", "CUDAExecutionProvider") if p in available]
    if device == "cuda" and not gpu:
        raise ModelLoadError(
            "--device cuda needs the onnxruntime-gpu build and a CUDA GPU; "
            f"this onnxruntime offers only {sorted(available)} (install with `uv sync --group gpu --no-group cpu`)"
        )
    return [*gpu, "CPUExecutionProvider"]


class OnnxModel:
    """An ONNX Runtime session plus the ModelInfo stored in the file.

    The backend is imported and the session created here, not at import time.
    Every failure becomes one ModelLoadError that names the file.
    """

    expected_task: Literal["classifier", "detector", "anomaly"]

    def __init__(self, path: Path, device: Device = "auto") -> None:
        import onnxruntime as ort

        self.path = Path(path)
        if not self.path.is_file():
            raise ModelLoadError(f"{self.path}: model file not found")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # Idle ONNX Runtime threads spin by default, burning the cores that capture and the UI need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self.session = ort.InferenceSession(str(self.path), options, providers=select_providers(device))
        except ModelLoadError:
            raise
        except Exception as exc:  # onnxruntime raises its own exception types for corrupt graphs
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelLoadError(f"{self.path}: not a loadable ONNX model ({first_line})") from exc
        meta = self.session.get_modelmeta().custom_metadata_map
        if METADATA_KEY not in meta:
            raise ModelLoadError(
                f"{self.path}: the model has no station metadata (preprocessing, classes, threshold); "
                "export it with `station export` so the runtime knows how to feed it"
            )
        try:
            self.info = ModelInfo.from_json(meta[METADATA_KEY])
        except ValueError as exc:
            raise ModelLoadError(f"{self.path}: {exc}") from exc
        if self.info.task != self.expected_task:
            raise ModelLoadError(f"{self.path}: is a {self.info.task} model, expected a {self.expected_task}")
        self.input_name = self.session.get_inputs()[0].name
        self.sha256 = file_sha256(self.path)
        self.providers = self.session.get_providers()
        log.info("loaded %s on %s", self.path, self.providers)

    @property
    def provider(self) -> str:
        """The execution provider that runs this model first (e.g. 'CPUExecutionProvider')."""
        return str(self.providers[0])

    def warm_up(self) -> None:
        """One inference on a blank input, so the first real part is not slowed by lazy initialisation."""
        height, width = self.info.input_size
        self.session.run(None, {self.input_name: np.zeros((1, 3, height, width), np.float32)})
