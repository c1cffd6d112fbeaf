"""Read weights out of an ONNX file with protobuf alone, without the onnx package.

The live path needs one thing from a model file that ONNX Runtime does not expose: the classifier's
last linear layer, for Grad-CAM. Importing the onnx package for it would pull its C++ checker and
ml_dtypes into the packaged app (9 MB) for a few hundred numbers. ONNX files are protobuf messages,
and protobuf is already there: this declares the handful of ONNX fields needed (names and numbers
from onnx.proto) and lets protobuf skip every other field unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_F = descriptor_pb2.FieldDescriptorProto
# message -> (field, number, type, repeated, message type of the field)
_SCHEMA: dict[str, list[tuple[str, int, int, bool, str | None]]] = {
    "TensorProto": [
        ("dims", 1, _F.TYPE_INT64, True, None),
        ("data_type", 2, _F.TYPE_INT32, False, None),
        ("float_data", 4, _F.TYPE_FLOAT, True, None),
        ("name", 8, _F.TYPE_STRING, False, None),
        ("raw_data", 9, _F.TYPE_BYTES, False, None),
        ("double_data", 10, _F.TYPE_DOUBLE, True, None),
    ],
    "AttributeProto": [("name", 1, _F.TYPE_STRING, False, None), ("i", 3, _F.TYPE_INT64, False, None)],
    "NodeProto": [
        ("input", 1, _F.TYPE_STRING, True, None),
        ("output", 2, _F.TYPE_STRING, True, None),
        ("op_type", 4, _F.TYPE_STRING, False, None),
        ("attribute", 5, _F.TYPE_MESSAGE, True, "AttributeProto"),
    ],
    "GraphProto": [
        ("node", 1, _F.TYPE_MESSAGE, True, "NodeProto"),
        ("initializer", 5, _F.TYPE_MESSAGE, True, "TensorProto"),
    ],
    "ModelProto": [("graph", 7, _F.TYPE_MESSAGE, False, "GraphProto")],
}
_PACKAGE = "station_onnx_subset"
# TensorProto.DataType values this reader turns into arrays.
_DTYPES = {1: np.float32, 10: np.float16, 11: np.float64}


@cache
def _model_class() -> Any:
    file = descriptor_pb2.FileDescriptorProto(name=f"{_PACKAGE}.proto", package=_PACKAGE, syntax="proto2")
    for message, fields in _SCHEMA.items():
        descriptor = file.message_type.add(name=message)
        for name, number, kind, repeated, type_name in fields:
            field = descriptor.field.add(name=name, number=number, type=kind)
            field.label = _F.LABEL_REPEATED if repeated else _F.LABEL_OPTIONAL
            if type_name is not None:
                field.type_name = f".{_PACKAGE}.{type_name}"
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{_PACKAGE}.ModelProto"))


@dataclass(frozen=True)
class Node:
    op_type: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    int_attributes: dict[str, int]


@dataclass(frozen=True)
class GraphWeights:
    """The nodes of a model's main graph and its float initializers, by name."""

    nodes: tuple[Node, ...]
    initializers: dict[str, np.ndarray]


def read_graph(path: Path) -> GraphWeights:
    """Nodes and float initializers of ``path`` (external data files are not read)."""
    model = _model_class()()
    model.ParseFromString(Path(path).read_bytes())
    nodes = tuple(
        Node(n.op_type, tuple(n.input), tuple(n.output), {a.name: a.i for a in n.attribute}) for n in model.graph.node
    )
    initializers = {}
    for tensor in model.graph.initializer:
        dtype = _DTYPES.get(tensor.data_type)
        if dtype is None:
            continue
        if tensor.raw_data:
            values = np.frombuffer(tensor.raw_data, dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
        elif tensor.data_type == 11:
            values = np.asarray(tensor.double_data, np.float64)
        elif tensor.data_type == 1:
            values = np.asarray(tensor.float_data, np.float32)
        else:  # float16 outside raw_data is stored as int32 bit patterns; not written by our exports
            continue
        initializers[tensor.name] = values.reshape(tuple(tensor.dims))
    return GraphWeights(nodes, initializers)
