"""Start training from a shipped classifier: torch weights rebuilt from its ONNX file.

Shipped models carry no torch checkpoint (the package stays lean), and ONNX
export folds each batch norm into the convolution before it. So the ResNet is
rebuilt with every convolution taking the folded weights and every batch norm
set to pass its input through plus the folded bias. In eval mode that network
computes exactly what the ONNX model computes (checked against ONNX Runtime);
fine-tuning keeps those batch norms frozen, as is usual for small datasets.
Int8 models give their dequantised weights: a fine starting point, not a copy.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import torch
import torchvision
from onnx import numpy_helper
from torch import nn

from station.training.architectures import build_model
from station.training.data import CLASSIFIER_CLASSES
from station.training.onnxmeta import station_info


class InitFromError(ValueError):
    """The shipped model cannot start a fine-tuning run; the message says why."""


def _constants(graph: onnx.GraphProto) -> dict[str, np.ndarray]:
    """Initializers, plus the outputs of DequantizeLinear nodes over them (int8 models)."""
    values = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    for node in graph.node:
        if node.op_type == "DequantizeLinear" and node.input[0] in values:
            x = values[node.input[0]].astype(np.float32)
            scale = values[node.input[1]].astype(np.float32)
            zero = values[node.input[2]].astype(np.float32) if len(node.input) > 2 else np.zeros_like(scale)
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            if scale.ndim == 1 and x.ndim > 1:
                shape = [1] * x.ndim
                shape[axis] = -1
                scale, zero = scale.reshape(shape), zero.reshape(shape)
            values[node.output[0]] = (x - zero) * scale
    return values


def _shape(values: dict[str, np.ndarray], name: str) -> tuple[int, ...] | None:
    value = values.get(name)
    return None if value is None else tuple(value.shape)


def resnet_from_onnx(path: Path) -> tuple[torchvision.models.ResNet, int]:
    """The classifier at ``path`` as a torchvision ResNet (eval mode) and its input size."""
    try:
        proto = onnx.load(str(path))
    except Exception as exc:
        raise InitFromError(f"cannot read {path}: {exc}") from exc
    info = station_info(proto)
    if info is None:
        raise InitFromError(f"{path} carries no station metadata; it was not exported by `station export`")
    if info.task != "classifier":
        raise InitFromError(f"{path} is a {info.task}, not a classifier")
    architecture = info.architecture
    model = build_model(architecture, len(CLASSIFIER_CLASSES), pretrained=False)
    assert isinstance(model, torchvision.models.ResNet)
    graph = proto.graph
    values = _constants(graph)
    convs = [n for n in graph.node if n.op_type == "Conv"]
    torch_convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    if len(convs) != len(torch_convs) or len(norms) != len(torch_convs):
        raise InitFromError(f"{path} has {len(convs)} convolutions; a {architecture} has {len(torch_convs)}")
    with torch.no_grad():
        unused = list(convs)
        for conv, norm in zip(torch_convs, norms, strict=True):
            # The first convolution left (graph order) whose weights fit: robust to the reordering that
            # quantisation tools do (a block's downsample may come before its first convolution).
            node = next((n for n in unused if _shape(values, n.input[1]) == tuple(conv.weight.shape)), None)
            if node is None:
                raise InitFromError(f"{path}: no convolution fits {architecture}'s {tuple(conv.weight.shape)}")
            unused.remove(node)
            weight = values[node.input[1]]
            bias = values.get(node.input[2]) if len(node.input) > 2 else None
            conv.weight.copy_(torch.from_numpy(np.array(weight, dtype=np.float32)))
            norm.weight.fill_(1.0)
            norm.bias.copy_(
                torch.from_numpy(np.array(bias, dtype=np.float32)) if bias is not None else torch.zeros_like(norm.bias)
            )
            assert norm.running_mean is not None and norm.running_var is not None  # tracked by default
            norm.running_mean.zero_()
            norm.running_var.fill_(1.0 - norm.eps)
        gemm = next((n for n in graph.node if n.op_type == "Gemm"), None)
        if gemm is None or gemm.input[1] not in values:
            raise InitFromError(f"{path}: no fully connected head found")
        fc_weight = values[gemm.input[1]]
        trans_b = next((a.i for a in gemm.attribute if a.name == "transB"), 0)
        model.fc.weight.copy_(torch.from_numpy(np.array(fc_weight if trans_b else fc_weight.T, dtype=np.float32)))
        model.fc.bias.copy_(torch.from_numpy(np.array(values[gemm.input[2]], dtype=np.float32)))
    model.eval()
    return model, int(info.input_size[0])
