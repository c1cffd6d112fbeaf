"""Turn a shipped YOLOv8 detector (ONNX) back into an ultralytics checkpoint that can be fine-tuned.

A recipe ships only its ONNX file. A plant that wants to fine-tune it on its own parts, or anyone
whose training checkpoint is gone, needs PyTorch weights, and the export folded every batch norm
into its convolution (``y = W'x + b'``). Rebuilding the network from its architecture yaml and
copying ``W'`` into the convolutions is exact; the batch norms are the subtle part. Left as an
identity, they would normalise each training batch by its own statistics, which the folded weights
never expected, and the first epochs would unlearn the model. So each batch norm gets the statistics
its convolution's output has on real images (per-channel mean ``mu`` and variance ``s2``), with
``gamma = sqrt(s2 + eps)`` and ``beta = b' + mu``: in eval mode the network computes exactly what the
ONNX file does, and in training mode, where a batch is normalised by its own statistics, nearly so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from station.inference.detector import Detector
from station.inference.onnxweights import read_graph
from station.inference.preprocess import prepare

YOLO_SCALES = "nsmlx"
QUANTISED_OPS = {"QuantizeLinear", "DequantizeLinear", "QLinearConv", "ConvInteger", "MatMulInteger"}
# The rebuilt network must give the ONNX file's raw outputs to within this, relative to their range.
PARITY_TOLERANCE = 1e-3


class UnfuseError(ValueError):
    """The ONNX file is not a detector this can turn back into an ultralytics checkpoint."""


def _architecture(weights: dict[str, np.ndarray], class_count: int, family: str) -> tuple[Any, str]:
    """The ultralytics model (``yolov8n.yaml`` ... ``yolov8x.yaml``) whose layers have the ONNX file's shapes."""
    from ultralytics.nn.tasks import DetectionModel

    conv_shapes = {name: value.shape for name, value in weights.items() if name.endswith(".weight")}
    for scale in YOLO_SCALES:
        yaml_name = f"{family}{scale}.yaml"
        model = DetectionModel(yaml_name, nc=class_count, verbose=False)  # type: ignore[no-untyped-call]
        state = model.state_dict()
        if all(name in state and tuple(state[name].shape) == shape for name, shape in conv_shapes.items()):
            return model, yaml_name
    raise UnfuseError(
        f"its layers match none of {family}{{{','.join(YOLO_SCALES)}}}.yaml with {class_count} classes; "
        "only YOLOv8 detectors exported by `station export --detector` can be fine-tuned from ONNX"
    )


def _conv_blocks(model: Any) -> dict[str, Any]:
    """ultralytics Conv blocks (convolution + batch norm + activation) by module name."""
    return {
        name: module
        for name, module in model.named_modules()
        if hasattr(module, "conv") and hasattr(module, "bn") and module.bn is not None
    }


def _load_folded(model: Any, weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Copy the folded weights in; every batch norm an identity plus its conv's folded bias.

    Returns each block's folded bias by block name. Refuses a file that leaves any learned
    tensor of the model unset: a half-loaded network must not be trained as if it were the model.
    """
    import torch

    blocks = _conv_blocks(model)
    state = model.state_dict()
    covered: set[str] = set()
    folded_bias: dict[str, np.ndarray] = {}
    with torch.no_grad():
        for name, block in blocks.items():
            weight, bias = weights.get(f"{name}.conv.weight"), weights.get(f"{name}.conv.bias")
            if weight is None or bias is None:
                raise UnfuseError(f"no folded weights for layer {name}")
            block.conv.weight.copy_(torch.from_numpy(weight))
            bn = block.bn
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0)
            bn.weight.fill_(float(np.sqrt(1.0 + bn.eps)))
            bn.bias.copy_(torch.from_numpy(bias))
            folded_bias[name] = bias.astype(np.float64)
            covered.update(f"{name}.{part}" for part in ("conv.weight", "bn.weight", "bn.bias", "bn.running_mean"))
            covered.update((f"{name}.bn.running_var", f"{name}.bn.num_batches_tracked"))
        for key, tensor in state.items():
            if key in covered:
                continue
            if key in weights and tuple(tensor.shape) == weights[key].shape:
                tensor.copy_(torch.from_numpy(weights[key]))
                covered.add(key)
    missing = [key for key in state if key not in covered and not key.endswith("num_batches_tracked")]
    if missing:
        raise UnfuseError(f"the ONNX file has no weights for {len(missing)} tensors of the model, e.g. {missing[0]}")
    return folded_bias


def _calibrate(model: Any, batches: list[np.ndarray], folded_bias: dict[str, np.ndarray]) -> None:
    """Give every batch norm its convolution's per-channel output statistics on ``batches``."""
    import torch

    blocks = _conv_blocks(model)
    sums: dict[str, list[Any]] = {}

    def recorder(name: str) -> Any:
        def hook(_module: Any, _inputs: Any, output: Any) -> None:
            values = output.detach().double().transpose(0, 1).reshape(output.shape[1], -1)
            total = sums.setdefault(name, [0.0, 0.0, 0])
            total[0] = total[0] + values.sum(dim=1)
            total[1] = total[1] + (values * values).sum(dim=1)
            total[2] += values.shape[1]

        return hook

    handles = [block.conv.register_forward_hook(recorder(name)) for name, block in blocks.items()]
    try:
        with torch.no_grad():
            for batch in batches:
                model(torch.from_numpy(batch))
    finally:
        for handle in handles:
            handle.remove()
    with torch.no_grad():
        for name, block in blocks.items():
            total, squares, count = sums[name]
            mean = total / count
            variance = (squares / count - mean * mean).clamp(min=0.0)
            bn = block.bn
            bn.running_mean.copy_(mean.float())
            bn.running_var.copy_(variance.float())
            bn.weight.copy_(torch.sqrt(variance + bn.eps).float())
            bn.bias.copy_((torch.from_numpy(folded_bias[name]) + mean).float())


def _raw_outputs(model: Any, batch: np.ndarray) -> np.ndarray:
    import torch

    with torch.no_grad():
        output = model(torch.from_numpy(batch))
    first = output[0] if isinstance(output, (tuple, list)) else output
    return np.asarray(first.numpy())


def checkpoint_from_onnx(onnx_path: Path, images_bgr: list[np.ndarray], out: Path, batch_size: int = 16) -> Path:
    """Write an ultralytics checkpoint at ``out`` computing what the detector ``onnx_path`` computes.

    ``images_bgr`` calibrate the batch norms: images of the kind it will be trained on (its
    training images), a few hundred at most. Refuses (UnfuseError) when the rebuilt network's
    raw outputs differ from ONNX Runtime's on those images.
    """
    import torch

    if not images_bgr:
        raise UnfuseError("no images to calibrate the batch norms with")
    runtime = Detector(onnx_path, device="cpu")
    info = runtime.info
    if info.architecture != "yolov8":
        raise UnfuseError(f"{onnx_path}: a {info.architecture} detector; only yolov8 can be fine-tuned from ONNX")
    graph = read_graph(onnx_path)
    weights = graph.initializers
    if any(node.op_type in QUANTISED_OPS for node in graph.nodes):
        raise UnfuseError(f"{onnx_path}: an int8 model cannot be trained from; start from the float export")
    model, yaml_name = _architecture(weights, len(info.class_names), info.architecture)
    model.eval()
    folded_bias = _load_folded(model, weights)
    tensors = [prepare(image, info)[0] for image in images_bgr]
    batches = [np.concatenate(tensors[i : i + batch_size]) for i in range(0, len(tensors), batch_size)]
    _calibrate(model, batches, folded_bias)

    expected = np.concatenate([runtime.session.run(None, {runtime.input_name: t})[0] for t in tensors[:batch_size]])
    actual = _raw_outputs(model, batches[0])
    scale = float(np.abs(expected).max()) or 1.0
    difference = float(np.abs(actual - expected).max()) / scale
    if difference > PARITY_TOLERANCE:
        raise UnfuseError(f"the rebuilt network differs from {onnx_path.name} by {difference:.2g} of its output range")

    model.names = dict(enumerate(info.class_names))
    height, width = info.input_size
    checkpoint = {
        "model": model,
        "train_args": {"model": yaml_name, "imgsz": max(height, width), "task": "detect"},
        "date": dt.datetime.now(dt.UTC).isoformat(),
        "converted_from": {"onnx": onnx_path.name, "sha256": runtime.sha256, "calibration_images": len(images_bgr)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(checkpoint, out)
    return out
