"""Loading an ONNX model with its station metadata, on the execution provider asked for."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Literal

import numpy as np

from station.core.modelinfo import METADATA_KEY, ModelInfo
from station.core.recipe import RecipeError, digest_mismatch, file_sha256

log = logging.getLogger(__name__)

Device = Literal["auto", "cpu", "cuda"]
DEVICES: tuple[Device, ...] = ("auto", "cpu", "cuda")


class ModelLoadError(RecipeError):
    """A model file is missing, corrupt, lacks station metadata or does not match its recipe."""


__all__ = ["DEVICES", "Device", "ModelLoadError", "OnnxModel", "file_sha256", "select_providers"]


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

    def __init__(self, path: Path, device: Device = "auto", expected_sha256: str | None = None) -> None:
        """``expected_sha256``: the recipe's digest for this file; other bytes are refused before they are parsed."""
        import onnxruntime as ort

        self.path = Path(path)
        if self.path.is_dir():
            raise ModelLoadError(f"{self.path}: is a directory, not an ONNX model file")
        if not self.path.is_file():
            raise ModelLoadError(f"{self.path}: model file not found")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # Idle ONNX Runtime threads spin by default, burning the cores that capture and the UI need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            model_bytes = self.path.read_bytes()  # read once: hashed and loaded from the same bytes
            self.sha256 = hashlib.sha256(model_bytes).hexdigest()
            if expected_sha256 is not None and self.sha256 != expected_sha256:
                raise ModelLoadError(digest_mismatch(self.path))
            self.session = ort.InferenceSession(model_bytes, options, providers=select_providers(device))
        except ModelLoadError:
            raise
        except Exception as exc:  # onnxruntime raises its own exception types for corrupt graphs
            first_line = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise ModelLoadError(f"{self.path}: not a loadable ONNX model ({first_line})") from exc
        try:
            meta = self.session.get_modelmeta().custom_metadata_map
        except UnicodeDecodeError as exc:  # damaged metadata bytes in a graph that still parses
            raise ModelLoadError(f"{self.path}: its metadata is not readable text ({exc.reason})") from exc
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
        inputs = self.session.get_inputs()
        if len(inputs) != 1:
            raise ModelLoadError(f"{self.path}: the graph takes {len(inputs)} inputs, a station model takes one image")
        self.input_name = inputs[0].name
        self._check_input_shape(list(inputs[0].shape))
        self.providers = self.session.get_providers()
        log.info("loaded %s on %s", self.path, self.providers)

    def _check_input_shape(self, shape: list[object]) -> None:
        """The graph's input is N x 3 x H x W and, where the graph fixes H and W, they are the metadata's."""
        if len(shape) != 4:
            raise ModelLoadError(f"{self.path}: the graph's input has shape {shape}, expected N x 3 x H x W")
        channels, height, width = shape[1:]
        if isinstance(channels, int) and channels != 3:
            raise ModelLoadError(f"{self.path}: the graph's input has {channels} channels, expected 3")
        expected = tuple(self.info.input_size)
        for axis, (got, want) in enumerate(zip((height, width), expected, strict=True)):
            if isinstance(got, int) and got != want:
                raise ModelLoadError(
                    f"{self.path}: metadata input_size {list(expected)} does not match the graph's input "
                    f"{shape[2:]} ({'height' if axis == 0 else 'width'} {got})"
                )

    @property
    def provider(self) -> str:
        """The execution provider that runs this model first (e.g. 'CPUExecutionProvider')."""
        return str(self.providers[0])

    def warm_up(self) -> None:
        """One inference on a blank input, so the first real part is not slowed by lazy initialisation."""
        height, width = self.info.input_size
        self.session.run(None, {self.input_name: np.zeros((1, 3, height, width), np.float32)})
