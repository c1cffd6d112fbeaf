"""The OK/defect classifier on ONNX Runtime, with its exact Grad-CAM heatmap."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from station.inference.gradcam import gradcam
from station.inference.onnxmodel import Device, ModelLoadError, OnnxModel
from station.inference.onnxweights import read_graph
from station.inference.preprocess import Letterbox, prepare


@dataclass(frozen=True)
class ClassifierOutput:
    probabilities: np.ndarray  # one per class name
    defect_score: float
    heatmap: np.ndarray | None
    timings_ms: dict[str, float]


def _head_weights(path: Path, logits_output: str) -> np.ndarray:
    """The (classes x channels) matrix of the linear layer that produces the logits."""
    try:
        graph = read_graph(path)
    except Exception as exc:  # protobuf's DecodeError and friends: the session already loaded it, so rare
        raise ModelLoadError(f"{path}: cannot read its weights: {exc}") from exc
    for node in graph.nodes:
        if logits_output in node.outputs and node.op_type in ("Gemm", "MatMul"):
            weights = graph.initializers.get(node.inputs[1]) if len(node.inputs) > 1 else None
            if weights is not None:
                trans_b = node.op_type == "Gemm" and node.int_attributes.get("transB", 0) == 1
                return np.ascontiguousarray(weights if trans_b else weights.T)
    raise ModelLoadError(f"{path}: cannot find the linear layer that makes {logits_output!r}, needed for Grad-CAM")


class Classifier(OnnxModel):
    """ResNet OK/defect classifier exported by ``station export``."""

    expected_task = "classifier"

    def __init__(self, path: Path, device: Device = "auto", expected_sha256: str | None = None) -> None:
        super().__init__(path, device, expected_sha256)
        graph_outputs = {o.name: o for o in self.session.get_outputs()}
        outputs = list(graph_outputs)
        self.logits_output = self.info.outputs.get("logits", outputs[0])
        self.features_output = self.info.outputs.get("features")
        for name in (self.logits_output, self.features_output):
            if name is not None and name not in outputs:
                raise ModelLoadError(f"{self.path}: metadata names output {name!r}, the graph has {outputs}")
        logits_shape = list(graph_outputs[self.logits_output].shape)
        classes = logits_shape[1] if len(logits_shape) == 2 else None
        if len(logits_shape) != 2 or (isinstance(classes, int) and classes != len(self.info.class_names)):
            raise ModelLoadError(
                f"{self.path}: output {self.logits_output!r} has shape {logits_shape}, "
                f"metadata lists {len(self.info.class_names)} classes"
            )
        assert self.info.positive_class is not None  # enforced by ModelInfo
        self.positive_index = self.info.class_names.index(self.info.positive_class)
        self.head_weights: np.ndarray | None = None  # classes x channels, for Grad-CAM of any class
        self.heatmap_weights: np.ndarray | None = None  # the defect class's row
        if self.features_output is not None:
            self.head_weights = _head_weights(self.path, self.logits_output)
            if self.head_weights.shape[0] != len(self.info.class_names):
                raise ModelLoadError(
                    f"{self.path}: head has {self.head_weights.shape[0]} classes, "
                    f"metadata lists {len(self.info.class_names)}"
                )
            self.heatmap_weights = self.head_weights[self.positive_index]
        self._fetch = [self.logits_output] + ([self.features_output] if self.features_output else [])

    def prepare(self, image_bgr: np.ndarray) -> tuple[np.ndarray, Letterbox]:
        return prepare(image_bgr, self.info)

    def run(self, tensor: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Raw logits (N x classes) and, when exported, the last feature map (N x C x h x w)."""
        result = self.session.run(self._fetch, {self.input_name: tensor})
        return result[0], (result[1] if len(result) > 1 else None)

    def predict(self, image_bgr: np.ndarray, with_heatmap: bool = True) -> ClassifierOutput:
        t0 = time.perf_counter()
        tensor, _ = self.prepare(image_bgr)
        t1 = time.perf_counter()
        logits, features = self.run(tensor)
        t2 = time.perf_counter()
        shifted = logits[0] - logits[0].max()
        probabilities = np.exp(shifted) / np.exp(shifted).sum()
        heatmap = None
        if with_heatmap and features is not None and self.heatmap_weights is not None:
            heatmap = gradcam(features[0], self.heatmap_weights)
        t3 = time.perf_counter()
        timings = {"preprocess": (t1 - t0) * 1e3, "classifier": (t2 - t1) * 1e3}
        if heatmap is not None:
            timings["heatmap"] = (t3 - t2) * 1e3
        return ClassifierOutput(probabilities, float(probabilities[self.positive_index]), heatmap, timings)
