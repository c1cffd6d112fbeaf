"""Folding TensorFlow-style asymmetric Pads into the convolution after them: same outputs, fewer nodes."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from station.training.onnxfold import fold_pads_into_convs


def pad_conv_model(fill: float = 0.0, pads: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 1, 1)) -> onnx.ModelProto:
    """x -> Pad (pads from a Constant, as torch exports them) -> Conv 3x3 stride 2 -> y."""
    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.normal(size=(4, 3, 3, 3)).astype(np.float32), "w")
    nodes = [
        helper.make_node("Constant", [], ["p"], value=numpy_helper.from_array(np.array(pads, np.int64))),
        helper.make_node("Constant", [], ["v"], value=numpy_helper.from_array(np.array(fill, np.float32))),
        helper.make_node("Pad", ["x", "p", "v"], ["xp"], mode="constant"),
        helper.make_node("Conv", ["xp", "w"], ["y"], strides=[2, 2], pads=[1, 0, 1, 0]),
    ]
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 16, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [weight],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def run(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"x": x})[0])


def test_a_zero_pad_is_folded_into_the_conv_with_the_same_output() -> None:
    model = pad_conv_model()
    x = np.random.default_rng(1).normal(size=(1, 3, 16, 16)).astype(np.float32)
    expected = run(model, x)
    assert fold_pads_into_convs(model) == 1
    assert [n.op_type for n in model.graph.node] == ["Conv"]  # the Pad and its constants are gone
    conv = model.graph.node[0]
    assert list(helper.get_attribute_value(next(a for a in conv.attribute if a.name == "pads"))) == [1, 0, 2, 1]
    np.testing.assert_allclose(run(model, x), expected, atol=1e-5)


def test_a_pad_that_is_not_zero_or_pads_channels_is_left_alone() -> None:
    for model in (pad_conv_model(fill=1.0), pad_conv_model(pads=(0, 1, 0, 0, 0, 0, 1, 1))):
        assert fold_pads_into_convs(model) == 0
        assert "Pad" in [n.op_type for n in model.graph.node]
