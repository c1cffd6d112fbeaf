"""Model cards rendered from the metadata inside the ONNX file, so card and model cannot disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from station.core.modelinfo import ModelInfo


def _fmt(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _head(info: ModelInfo, model_file: str, sha256: str, data_description: str, licence: str) -> list[str]:
    """Title, what the model does and takes, its hash, and the data it learnt from: every card starts so."""
    task = f"{info.task} ({', '.join(info.class_names)}"
    task += f"; defect score = P({info.positive_class}))" if info.task == "classifier" else ")"
    preprocessing = f"{info.resize}, {info.color_order}"
    if info.task == "classifier":
        preprocessing += f", mean {list(info.mean)}, std {list(info.std)}"
    return [
        f"# Model card: `{model_file}`",
        "",
        f"- **Task**: {task}",
        f"- **Architecture**: {info.architecture}, input {info.input_size[1]}x{info.input_size[0]} ({preprocessing})",
        f"- **SHA-256**: `{sha256}`",
        f"- **Exported**: {info.training.get('exported', 'unknown')}",
        "",
        "## Data",
        "",
        data_description,
        "",
        f"- **Licence of the data**: {licence}",
    ]


def render_model_card(
    info: ModelInfo, model_file: str, sha256: str, data_description: str, licence: str, notes: str = ""
) -> str:
    t, m = info.training, info.metrics
    rows = "\n".join(
        f"| {k} | {_fmt(m[k])} |" for k in ("images", "accuracy", "precision", "recall", "f1", "roc_auc") if k in m
    )
    lines = [
        *_head(info, model_file, sha256, data_description, licence),
        f"- **Split**: stratified, {t.get('val_fraction', '?')} held out for validation "
        f"with seed {t.get('seed', '?')}: "
        f"{t.get('train_images', '?')} training and {t.get('val_images', '?')} validation images "
        "(the list of validation files is `split.json` beside this card).",
        "",
        "## Training",
        "",
        "```bash",
        f"uv run {t.get('command', '')}".rstrip(),
        *(
            [f"uv run {t['export_command']}"]
            if t.get("export_command") and t["export_command"] != t.get("command")
            else []
        ),
        "```",
        "",
        *([f"Started from: {t['initial_weights']}.", ""] if t.get("initial_weights") else []),
        f"Best epoch {t.get('best_epoch', '?')} by validation loss. The operating threshold "
        f"**{info.threshold:.4f}** is the highest that keeps defect recall at or above "
        f"{t.get('recall_target', '?')} on the validation split.",
        "",
        "## Validation metrics at the operating threshold",
        "",
        "| metric | value |",
        "|---|---|",
        rows,
        "",
        f"Confusion matrix `[[tn, fp], [fn, tp]]` (defect = positive): `{json.dumps(m.get('confusion_matrix'))}`",
        "",
    ]
    if notes:
        lines += ["## Notes", "", notes.strip(), ""]
    return "\n".join(lines)


def _detector_run(training: dict[str, Any]) -> list[str]:
    """One line on the training run the weights came from, as their checkpoint recorded it."""
    known = {k: training[k] for k in ("data", "model", "epochs", "imgsz", "batch", "seed", "trained") if k in training}
    if not known:
        return []
    labels = {"model": "started from", "imgsz": "image size", "trained": "finished"}
    return ["Training run: " + ", ".join(f"{labels.get(k, k)} `{v}`" for k, v in known.items()) + ".", ""]


def render_detector_card(
    info: ModelInfo,
    model_file: str,
    sha256: str,
    data_description: str,
    licence: str,
    validation: dict[str, Any] | None,
    notes: str = "",
) -> str:
    """A detector's card: what it finds, where it came from, and its measured mAP (``station evaluate``'s JSON)."""
    t = info.training
    lines = [
        *_head(info, model_file, sha256, data_description, licence),
        "",
        "## Export",
        "",
        "```bash",
        f"uv run {t.get('command', '')}".rstrip(),
        "```",
        "",
        *_detector_run(t),
        "## Validation",
        "",
    ]
    if validation is None:
        lines += ["Not measured yet: `station evaluate --recipe R --data D --json validation_detector.json`.", ""]
    else:
        lines += [
            f"`station evaluate` on {validation.get('images', '?')} images of the `{validation.get('split', '?')}` "
            f"split ({validation.get('instances', '?')} boxes), through this ONNX file:",
            "",
            "| class | AP50 | AP50-95 |",
            "|---|---|---|",
            *(
                f"| {name} | {_fmt(ap['ap50'])} | {_fmt(ap['ap50_95'])} |"
                for name, ap in validation.get("per_class", {}).items()
            ),
            f"| **all (mAP)** | **{_fmt(validation.get('map50'))}** | **{_fmt(validation.get('map50_95'))}** |",
            "",
        ]
        pointing = validation.get("pointing_game")
        if pointing:
            lines += [
                f"Heatmap pointing game (the classifier's): {pointing['hits']} of {pointing['defect_images']} "
                f"defect images = **{_fmt(float(pointing['score']))}** (mask dilated by {pointing['dilation_px']} px).",
                "",
            ]
    if notes:
        lines += ["## Notes", "", notes.strip(), ""]
    return "\n".join(lines)


def write_model_card(
    onnx_path: Path, data_description: str, licence: str, notes: str = "", card: Path | None = None
) -> Path:
    """Write ``MODEL_CARD.md`` beside the model (or ``card``) from the model's own metadata; a detector's
    card also reads the ``validation_detector.json`` that ``station evaluate`` wrote beside it."""
    import onnx

    from station.inference.classifier import Classifier
    from station.inference.detector import Detector
    from station.training.onnxmeta import station_info

    try:
        info = station_info(onnx.load(str(onnx_path), load_external_data=False))
    except Exception:  # missing or corrupt: the runtime's loader below says why, naming the file
        info = None
    if info is not None and info.task == "detector":
        detector = Detector(onnx_path, device="cpu")  # loads it as the line will, or says why not
        report = onnx_path.with_name("validation_detector.json")
        validation = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else None
        text = render_detector_card(
            detector.info, onnx_path.name, detector.sha256, data_description, licence, validation, notes
        )
    else:
        classifier = Classifier(onnx_path, device="cpu")
        text = render_model_card(classifier.info, onnx_path.name, classifier.sha256, data_description, licence, notes)
    card = card or onnx_path.with_name("MODEL_CARD.md")
    card.write_text(text, encoding="utf-8")
    return card
