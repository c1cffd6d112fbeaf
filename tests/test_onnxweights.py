"""The live path's own ONNX weight reader agrees with the onnx package, and fails clearly on garbage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from station.core.paths import models_dir
from station.inference.classifier import Classifier
from station.inference.onnxmodel import ModelLoadError
from station.inference.onnxweights import read_graph

SHIPPED = models_dir() / "casting" / "classifier.onnx"  # int8 (QDQ) with a float head


@pytest.mark.parametrize("which", ["float", "int8"])
def test_weights_and_nodes_equal_the_onnx_packages(which: str, tiny_recipe: Path) -> None:
    path = tiny_recipe / "classifier.onnx" if which == "float" else SHIPPED
    reference = onnx.load(str(path), load_external_data=False).graph
    expected = {t.name: numpy_helper.to_array(t) for t in reference.initializer if t.data_type in (1, 10, 11)}
    graph = read_graph(path)
    assert set(graph.initializers) == set(expected)
    for name, array in expected.items():
        assert graph.initializers[name].dtype == array.dtype and np.array_equal(graph.initializers[name], array)
    assert [(n.op_type, list(n.inputs), list(n.outputs)) for n in graph.nodes] == [
        (n.op_type, list(n.input), list(n.output)) for n in reference.node
    ]


def test_the_head_for_gradcam_is_the_gemm_of_the_logits(tiny_recipe: Path) -> None:
    classifier = Classifier(tiny_recipe / "classifier.onnx", "cpu")
    reference = onnx.load(str(tiny_recipe / "classifier.onnx")).graph
    gemm = next(n for n in reference.node if classifier.logits_output in n.output)
    weights = numpy_helper.to_array(next(t for t in reference.initializer if t.name == gemm.input[1]))
    trans_b = any(a.name == "transB" and a.i == 1 for a in gemm.attribute)
    assert classifier.head_weights is not None
    assert np.array_equal(classifier.head_weights, weights if trans_b else weights.T)


def test_a_file_that_is_not_onnx_is_a_clear_model_error(tmp_path: Path) -> None:
    from station.inference.classifier import _head_weights

    junk = tmp_path / "classifier.onnx"
    junk.write_bytes(b"\xff\xfe not a protobuf at all \x00" * 10)
    with pytest.raises(ModelLoadError, match="cannot read its weights"):
        _head_weights(junk, "logits")
