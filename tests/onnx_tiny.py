"""Tiny ONNX models built with the ``onnx`` package (tests only): any station metadata, no training.

The classifier is input -> GlobalAveragePool -> Flatten -> Gemm -> logits; the
"detector" returns a constant N x (4 + classes) x anchors head. Both load in ONNX
Runtime in milliseconds, so metadata checks and the fuzz test can write many.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def classifier_meta(**changes: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "task": "classifier",
        "architecture": "tiny",
        "input_size": [32, 32],
        "resize": "resize",
        "color_order": "RGB",
        "mean": [0.5, 0.5, 0.5],
        "std": [0.25, 0.25, 0.25],
        "class_names": ["ok", "defect"],
        "positive_class": "defect",
        "threshold": 0.5,
        "outputs": {"logits": "logits"},
    }
    meta.update(changes)
    return meta


def write_classifier(
    path: Path, meta: dict[str, Any] | str | None = None, size: tuple[int, int] = (32, 32), classes: int = 2
) -> Path:
    """A classifier graph taking N x 3 x size and giving N x classes logits, with ``meta`` as its station metadata."""
    weights = numpy_helper.from_array(np.linspace(-1, 1, classes * 3, dtype=np.float32).reshape(classes, 3), "w")
    graph = helper.make_graph(
        [
            helper.make_node("GlobalAveragePool", ["image"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["flat"]),
            helper.make_node("Gemm", ["flat", "w"], ["logits"], transB=1),
        ],
        "tiny_classifier",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, *size])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", classes])],
        [weights],
    )
    return _save(graph, path, classifier_meta() if meta is None else meta)


def write_detector(path: Path, meta: dict[str, Any] | str, size: tuple[int, int] = (32, 32), channels: int = 9) -> Path:
    """A 'detector' whose head is a constant 1 x channels x 10 tensor (no boxes above any threshold)."""
    head = numpy_helper.from_array(np.zeros((1, channels, 10), np.float32), "head_value")
    graph = helper.make_graph(
        [helper.make_node("Constant", [], ["head"], value=head)],
        "tiny_detector",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, *size])],
        [helper.make_tensor_value_info("head", TensorProto.FLOAT, [1, channels, 10])],
    )
    return _save(graph, path, meta)


def _save(graph: onnx.GraphProto, path: Path, meta: dict[str, Any] | str) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    text = meta if isinstance(meta, str) else json.dumps(meta)
    model.metadata_props.append(onnx.StringStringEntryProto(key="station", value=text))
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path
