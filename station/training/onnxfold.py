"""Fold zero Pad nodes into the convolution after them, in an exported ONNX graph.

TensorFlow's "SAME" padding is asymmetric at stride 2 (one row and column more at the
bottom and right), which a PyTorch convolution cannot express, so EfficientNet-Lite's
stride-2 convolutions export as Pad + Conv. ONNX Conv takes asymmetric ``pads``; ONNX
Runtime's own pad fusion leaves these Pads alone (their amounts come from a chain of
constant nodes), and each one breaks its blocked-layout convolutions into reorder, pad,
reorder: 15-20 % of the bottle anomaly graph's time. Folding them is the same arithmetic.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import onnx
from onnx import numpy_helper


def _attr(node: onnx.NodeProto, name: str) -> Any:
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return None


def _constant(model: onnx.ModelProto, name: str) -> np.ndarray | None:
    """The value of ``name`` when it depends on initializers and Constant nodes only, else None."""
    if not name:
        return None
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    needed: list[onnx.NodeProto] = []
    used_inits: set[str] = set()
    stack, seen = [name], set()
    while stack:
        current = stack.pop()
        if current in seen or not current:
            continue
        seen.add(current)
        if current in inits:
            used_inits.add(current)
            continue
        node = producer.get(current)
        if node is None or node.op_type in ("Shape", "Size"):  # a graph input, or a shape of one
            return None
        needed.append(node)
        stack.extend(node.input)
    if not needed:
        return numpy_helper.to_array(inits[name])
    from onnx.reference import ReferenceEvaluator

    order = [n for n in graph.node if n in needed]  # graph order is topological
    sub = onnx.helper.make_graph(
        order,
        "constant",
        [],
        [onnx.helper.make_empty_tensor_value_info(name)],
        [inits[i] for i in sorted(used_inits)],
    )
    evaluator = ReferenceEvaluator(onnx.helper.make_model(sub, opset_imports=model.opset_import))
    values = evaluator.run(None, {})
    return np.asarray(values[0] if isinstance(values, list) else values[name])


def _prune(graph: onnx.GraphProto) -> None:
    """Drop nodes whose outputs nothing uses any more (the Pads' constant chains)."""
    wanted = {o.name for o in graph.output}
    keep: list[onnx.NodeProto] = []
    for node in reversed(graph.node):
        if any(o in wanted for o in node.output):
            keep.append(node)
            wanted.update(node.input)
    kept = list(reversed(keep))
    del graph.node[:]
    graph.node.extend(kept)


def fold_pads_into_convs(model: onnx.ModelProto) -> int:
    """Fold every constant, zero-valued, spatial-only Pad whose sole consumer is a Conv; returns how many."""
    graph = model.graph
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    outputs = {o.name for o in graph.output}
    folded: list[onnx.NodeProto] = []
    for pad in graph.node:
        if pad.op_type != "Pad" or pad.output[0] in outputs:
            continue
        mode = _attr(pad, "mode")
        if mode not in (None, b"constant", "constant") or (len(pad.input) > 3 and pad.input[3]):
            continue  # another mode, or pads on chosen axes only
        users = consumers.get(pad.output[0], [])
        if len(users) != 1 or users[0].op_type != "Conv" or users[0].input[0] != pad.output[0]:
            continue
        conv = users[0]
        if _attr(conv, "auto_pad") not in (None, b"NOTSET", "NOTSET"):
            continue
        pads = _constant(model, pad.input[1]) if len(pad.input) > 1 else None
        fill = _constant(model, pad.input[2]) if len(pad.input) > 2 and pad.input[2] else np.zeros(1)
        if pads is None or fill is None or np.any(fill != 0):
            continue
        pads = pads.astype(np.int64).ravel()
        if pads.size != 8 or np.any(pads < 0) or np.any(pads[[0, 1, 4, 5]] != 0):
            continue  # not N x C x H x W, cropping, or padding the batch or channel axes
        old = _attr(conv, "pads") or [0, 0, 0, 0]
        new = [int(old[0] + pads[2]), int(old[1] + pads[3]), int(old[2] + pads[6]), int(old[3] + pads[7])]
        for a in [a for a in conv.attribute if a.name == "pads"]:
            conv.attribute.remove(a)
        conv.attribute.append(onnx.helper.make_attribute("pads", new))
        conv.input[0] = pad.input[0]
        folded.append(pad)
    for pad in folded:
        graph.node.remove(pad)
    if folded:
        _prune(graph)
    return len(folded)
