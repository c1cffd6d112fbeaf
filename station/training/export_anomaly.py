"""Export the anomaly model as one ONNX graph with its metadata, refused unless ONNX Runtime agrees with torch.

anomalib's users met exported scores that differ from the checkpoint (#3726): here the
file is written only after ONNX Runtime, fed through the station's own preprocessing,
reproduces the torch model's scores and maps on real held-out images.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch

from station.core.modelinfo import ModelInfo
from station.inference.anomaly import MAP_OUTPUT, SCORE_OUTPUT
from station.training.anomaly import (
    LITE_MEAN,
    LITE_STD,
    PatchCore,
    load_images,
    load_trained_anomaly,
    to_batch,
)
from station.training.export import ExportParityError, attach_metadata
from station.training.onnxfold import fold_pads_into_convs

ANOMALY_PARITY_ATOL = 1e-4  # on normalised scores and maps, which lie in [0, 1)


def anomaly_info(saved: dict[str, Any], command: str | None, metrics: dict[str, Any] | None = None) -> ModelInfo:
    summary = saved["summary"]
    size = int(saved["image_size"])
    config = summary["config"]
    return ModelInfo(
        task="anomaly",
        architecture=summary["architecture"],
        input_size=(size, size),
        resize="resize",
        color_order="RGB",
        mean=LITE_MEAN,
        std=LITE_STD,
        class_names=("good", "anomaly"),
        positive_class="anomaly",
        threshold=0.5,
        outputs={"map": MAP_OUTPUT, "score": SCORE_OUTPUT},
        training={
            "data": config["data"],
            "seed": config["seed"],
            "image_size": size,
            "coreset": config["coreset"],
            "holdout": config["holdout"],
            "threshold_rule": f"{config['percentile']:g}th percentile of held-out good scores x {config['margin']:g}",
            "raw_threshold": summary["raw_threshold"],
            "holdout_raw_scores": summary["holdout_raw_scores"],
            "good_images": summary["good_images"],
            "bank_images": summary["bank_images"],
            "holdout_images": summary["holdout_images"],
            "bank_rows": summary["bank_rows"],
            "backbone_weights": summary["backbone_weights"],
            "coreset_seconds": summary["coreset_seconds"],
            "command": summary.get("command") or command or "",
            "export_command": command or "",
            "exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
        metrics=metrics or {},
    )


def check_anomaly_parity(model: PatchCore, onnx_path: Path, images_bgr: np.ndarray) -> dict[str, float]:
    """Largest |difference| of scores and maps between torch and the live class; raises past tolerance."""
    from station.inference.anomaly import AnomalyModel

    runtime = AnomalyModel(onnx_path, device="cpu")
    worst_score = worst_map = 0.0
    with torch.inference_mode():
        for image in images_bgr:
            expected_map, expected_score = model(to_batch(image[None]))
            out = runtime.predict(image)
            worst_score = max(worst_score, abs(out.score - float(expected_score[0])))
            worst_map = max(worst_map, float(np.abs(out.map - expected_map[0].numpy()).max()))
    if max(worst_score, worst_map) > ANOMALY_PARITY_ATOL:
        raise ExportParityError(
            f"ONNX anomaly scores differ from torch by {worst_score:.2e}, maps by {worst_map:.2e} "
            f"(> {ANOMALY_PARITY_ATOL:.0e}); export refused"
        )
    return {"max_abs_score_diff": worst_score, "max_abs_map_diff": worst_map}


def parity_images(saved: dict[str, Any], count: int = 8) -> np.ndarray:
    """Held-out good parts recorded at training time, resized as the model sees them."""
    data = Path(saved["summary"]["config"]["data"])
    names = saved["summary"]["holdout_files"][:count]
    images, _, _ = load_images([data / n for n in names], int(saved["image_size"]), "parity images")
    if not len(images):
        raise ValueError(f"none of the held-out images under {data} can be read for the parity check")
    return images


def export_anomaly(
    checkpoint: Path,
    out: Path,
    command: str | None = None,
    images_bgr: np.ndarray | None = None,
    metrics: dict[str, Any] | None = None,
) -> tuple[Path, dict[str, float]]:
    """Write ``out`` only if ONNX Runtime reproduces the torch scores and maps; returns the parity figures."""
    model, saved = load_trained_anomaly(checkpoint)
    size = int(saved["image_size"])
    if images_bgr is None:
        images_bgr = parity_images(saved)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        staged = Path(tmp) / out.name
        torch.onnx.export(
            model,
            (torch.zeros(1, 3, size, size),),
            str(staged),
            input_names=["input"],
            output_names=[MAP_OUTPUT, SCORE_OUTPUT],
            dynamic_axes={"input": {0: "batch"}, MAP_OUTPUT: {0: "batch"}, SCORE_OUTPUT: {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        graph = onnx.load(str(staged))
        fold_pads_into_convs(graph)
        onnx.save(graph, str(staged))
        attach_metadata(staged, anomaly_info(saved, command, metrics))
        parity = check_anomaly_parity(model, staged, images_bgr)
        staged.replace(out)
    return out, parity
