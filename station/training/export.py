"""Export trained models to ONNX with their metadata, refusing any export that scores differently.

The classifier is exported with two outputs: the logits and the last
convolutional feature map. For a network that ends in global average pooling
and one linear layer, Grad-CAM's channel weights for a class are that class's
row of the linear layer divided by the map's area, so the runtime computes the
exact Grad-CAM heatmap from these two outputs without a backward pass.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from torch import nn

from station.core.modelinfo import METADATA_KEY, ModelInfo
from station.training.classifier import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    build_model,
    load_resized,
    logits_and_features,
    to_batch,
)
from station.training.data import CLASSIFIER_CLASSES, LabelledImages

LOGITS_OUTPUT = "logits"
FEATURES_OUTPUT = "features"
CLASSIFIER_PARITY_ATOL = 1e-4


class ExportParityError(RuntimeError):
    """The exported model does not reproduce the trained one; nothing was written."""


class ResNetWithFeatures(nn.Module):
    """A ResNet (or EfficientNet-Lite0) that also returns its last feature map (for exact Grad-CAM)."""

    def __init__(self, resnet: nn.Module) -> None:
        super().__init__()
        self.resnet = resnet

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return logits_and_features(self.resnet, x)


def load_trained_classifier(checkpoint: Path) -> tuple[nn.Module, dict[str, Any]]:
    """The ResNet and training summary saved by ``train_classifier``."""
    saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
    model = build_model(saved["architecture"], len(CLASSIFIER_CLASSES), pretrained=False)
    model.load_state_dict(saved["state_dict"])
    model.eval()
    return model, saved


def classifier_info(saved: dict[str, Any], command: str | None) -> ModelInfo:
    summary = saved["summary"]
    size = int(saved["image_size"])
    return ModelInfo(
        task="classifier",
        architecture=saved["architecture"],
        input_size=(size, size),
        resize="resize",
        color_order="RGB",
        mean=IMAGENET_MEAN,
        std=IMAGENET_STD,
        class_names=CLASSIFIER_CLASSES,
        positive_class="defect",
        threshold=float(summary["threshold"]),
        outputs={"logits": LOGITS_OUTPUT, "features": FEATURES_OUTPUT},
        training={
            "data": summary["config"]["data"],
            "seed": summary["config"]["seed"],
            "val_fraction": summary["config"]["val_fraction"],
            "train_images": summary["train_images"],
            "val_images": summary["val_images"],
            "best_epoch": summary["best_epoch"],
            "recall_target": summary["config"]["recall_target"],
            "initial_weights": summary.get("initial_weights", ""),
            "command": summary.get("command") or command or "",
            "export_command": command or "",
            "exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        metrics=summary["validation"],
    )


def attach_metadata(path: Path, info: ModelInfo) -> None:
    """Store ``info`` in the ONNX file's metadata (replacing any earlier station entry)."""
    model = onnx.load(str(path))
    kept = [p for p in model.metadata_props if p.key != METADATA_KEY]
    del model.metadata_props[:]
    model.metadata_props.extend(kept)
    entry = model.metadata_props.add()
    entry.key, entry.value = METADATA_KEY, info.to_json()
    onnx.save(model, str(path))


def check_classifier_parity(model: nn.Module, onnx_path: Path, images_bgr: np.ndarray) -> float:
    """Largest |logit difference| between torch and ONNX Runtime on real images; raises past tolerance."""
    from station.inference.classifier import Classifier

    runtime = Classifier(onnx_path)
    wrapped = ResNetWithFeatures(model).eval()
    worst = 0.0
    with torch.inference_mode():
        for image in images_bgr:
            expected, _ = wrapped(to_batch(image[None]))
            logits, _ = runtime.run(runtime.prepare(image)[0])
            worst = max(worst, float(np.abs(logits - expected.numpy()).max()))
    if worst > CLASSIFIER_PARITY_ATOL:
        raise ExportParityError(
            f"ONNX logits differ from torch by {worst:.2e} (> {CLASSIFIER_PARITY_ATOL:.0e}); export refused"
        )
    return worst


def parity_images(saved: dict[str, Any], count: int = 16) -> np.ndarray:
    """Real validation images recorded at training time, resized as the model sees them."""
    import json

    data = Path(saved["summary"]["config"]["data"])
    split = json.loads((Path(saved["summary"]["config"]["out"]) / "split.json").read_text(encoding="utf-8"))
    names = split["validation"][:: max(1, len(split["validation"]) // count)][:count]
    images = LabelledImages(tuple(data / n for n in names), np.zeros(len(names), dtype=np.int64))
    return load_resized(images, int(saved["image_size"]), "parity images")


def rechoose_threshold(
    model: nn.Module, saved: dict[str, Any], recall_target: float | None, threshold: float | None = None
) -> None:
    """Pick the operating threshold again on the recorded validation split, for another recall target,
    or set it (e.g. one chosen on cross-validation scores) and re-measure the validation metrics there."""
    import json

    from station.training.classifier import predict_probabilities
    from station.training.data import list_ok_defect
    from station.training.metrics import binary_metrics, choose_threshold

    config = saved["summary"]["config"]
    data = Path(config["data"])
    names = set(json.loads((Path(config["out"]) / "split.json").read_text(encoding="utf-8"))["validation"])
    everything = list_ok_defect(data)
    keep = np.asarray([str(p.relative_to(data)) in names for p in everything.paths])
    val = everything.subset(np.flatnonzero(keep))
    scores = predict_probabilities(model, load_resized(val, int(saved["image_size"]), "validation"))
    if threshold is None:
        assert recall_target is not None
        threshold = choose_threshold(scores, val.labels, recall_target)
    saved["summary"]["threshold"] = threshold
    saved["summary"]["validation"] = binary_metrics(val.labels, scores, threshold)
    saved["summary"]["config"] = {**config, "recall_target": recall_target or config["recall_target"]}


def export_classifier(
    checkpoint: Path,
    out: Path,
    command: str | None = None,
    images_bgr: np.ndarray | None = None,
    recall_target: float | None = None,
    threshold: float | None = None,
) -> Path:
    """Write ``out`` only if ONNX Runtime reproduces the torch logits on real images.

    With ``recall_target``, the operating threshold is chosen again on the
    validation split recorded at training time (no retraining needed); ``threshold`` sets it outright.
    """
    model, saved = load_trained_classifier(checkpoint)
    if recall_target is not None or threshold is not None:
        rechoose_threshold(model, saved, recall_target, threshold)
    size = int(saved["image_size"])
    info = classifier_info(saved, command)
    if images_bgr is None:
        images_bgr = parity_images(saved)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        staged = Path(tmp) / out.name
        torch.onnx.export(
            ResNetWithFeatures(model).eval(),
            (torch.zeros(1, 3, size, size),),
            str(staged),
            input_names=["input"],
            output_names=[LOGITS_OUTPUT, FEATURES_OUTPUT],
            dynamic_axes={"input": {0: "batch"}, LOGITS_OUTPUT: {0: "batch"}, FEATURES_OUTPUT: {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        attach_metadata(staged, info)
        check_classifier_parity(model, staged, images_bgr)
        staged.replace(out)
    return out
