"""Int8 models with ONNX Runtime's static quantisation, calibrated on real parts.

What stays in float: a classifier's last linear layer (whose weights Grad-CAM
reads), and a YOLOv8 detector's decoding tail (the distribution-focal box
decoding, the anchor arithmetic and the concatenation of boxes with class
scores: one tensor whose ranges, pixels and probabilities, no single int8 scale
can hold). The model keeps its station metadata. Whether the int8
model is good enough is not assumed: ``station evaluate`` measures it on the
same validation split, and the model card records both.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import onnx
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

from station.capture.imagefile import is_image_name, read_image
from station.inference.preprocess import prepare
from station.training.onnxmeta import station_info


class _Images(CalibrationDataReader):  # type: ignore[misc]
    def __init__(self, input_name: str, tensors: list[np.ndarray]) -> None:
        self.input_name = input_name
        self._items: Iterator[np.ndarray] = iter(tensors)

    def get_next(self) -> dict[str, np.ndarray] | None:
        tensor = next(self._items, None)
        return None if tensor is None else {self.input_name: tensor}


def calibration_images(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """``count`` images drawn (seeded) from every image under ``folder``."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and is_image_name(p) and p.suffix.lower() != ".png")
    if not files:
        raise ValueError(f"no images under {folder} to calibrate on")
    rng = np.random.default_rng(seed)
    return [files[i] for i in sorted(rng.choice(len(files), size=min(count, len(files)), replace=False))]


def float_nodes(proto: onnx.ModelProto, task: str) -> list[str]:
    """Names of the nodes to keep in float for a model of ``task``.

    Detector: every node of the module that makes the output (ultralytics names nodes
    ``/model.<i>/...``; ``i`` is the Detect head), except its box and class convolutions.
    Measured on the magnetic-tile YOLOv8n: quantising everything took mAP50 from 0.46 to 0.0;
    with this tail in float, 0.670 -> 0.660 (calibrated on 100 training images, 7-bit weights).
    """
    if task == "classifier":
        return [n.name for n in proto.graph.node if n.op_type in ("Gemm", "MatMul")]
    output = proto.graph.output[0].name
    producer = next((n for n in proto.graph.node if output in n.output), None)
    if producer is None or not producer.name.startswith("/") or producer.name.count("/") < 2:
        made_by = producer.name if producer is not None else None
        raise ValueError(f"cannot tell the decoding head of this {task} (its output is made by {made_by!r})")
    head = producer.name[: producer.name.index("/", 1) + 1]  # "/model.22/"
    return [
        n.name
        for n in proto.graph.node
        if n.name.startswith(head) and not (n.op_type == "Conv" and "/dfl/" not in n.name)
    ]


def quantize_model(source: Path, out: Path, calibration: list[Path]) -> Path:
    """Write the int8 (QDQ) version of ``source`` to ``out``, calibrated on ``calibration``."""
    proto = onnx.load(str(source))
    meta = {p.key: p.value for p in proto.metadata_props}  # copied onto the quantised model below
    info = station_info(proto)
    if info is None:
        raise ValueError(f"{source} carries no station metadata")
    if not calibration:
        raise ValueError("no calibration images: int8 ranges are measured on real parts")
    keep_float = float_nodes(proto, info.task)
    out.parent.mkdir(parents=True, exist_ok=True)
    input_name = proto.graph.input[0].name
    tensors = [prepare(read_image(path), info)[0] for path in calibration]
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
        staged = Path(tmp) / out.name
        quantize_static(
            str(prepared),
            str(staged),
            _Images(input_name, tensors),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
            # 7-bit weights: CPUs without VNNI (AVX2 only, e.g. many AMD EPYC and older Intel) multiply
            # uint8 activations by int8 weights in pairs summed into int16, which saturates with 8-bit
            # weights. The casting classifier quantised without this scored 0.998 on a VNNI machine and
            # 0.937 (83 false rejects of 575) on an AVX2 one; with it, every x86 CPU computes the same.
            reduce_range=True,
            calibrate_method=CalibrationMethod.MinMax,
            nodes_to_exclude=keep_float,
        )
        quantized = onnx.load(str(staged))
        quantized.metadata_props.clear()
        for key, value in meta.items():
            entry = quantized.metadata_props.add()
            entry.key, entry.value = key, value
        onnx.save(quantized, str(staged))
        staged.replace(out)
    return out
