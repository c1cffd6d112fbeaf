"""Regression gate for the shipped bottle recipe (good-parts-only): what `station --recipe bottle` gives."""

from __future__ import annotations

import json
from pathlib import Path

import onnx
import pytest

from station.cli import main
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.core.types import Verdict
from station.inference.cascade import Cascade
from station.training.evaluate import evaluate_anomaly

# 7 good bottles + the first 4 of each defect type of MVTec AD bottle/test (MVTec's layout)
BOTTLE_SET = Path(__file__).parent / "data" / "bottle"


@pytest.fixture(scope="module")
def bottle() -> Cascade:
    return Cascade(Recipe.load("bottle", models_dir()), device="cpu")


def test_bottle_model_keeps_its_recall_and_auroc(bottle: Cascade) -> None:
    assert bottle.anomaly is not None and bottle.anomaly_threshold is not None
    report = evaluate_anomaly(bottle.anomaly, BOTTLE_SET, bottle.anomaly_threshold)
    assert report["images"] == 19 and not report["unreadable"]
    (_, fp), (fn, _) = report["confusion_matrix"]
    assert fn == 0, f"{fn} defective bottles passed as OK"  # measured: [[7, 0], [0, 12]] (224 px model)
    assert fp <= 1, f"{fp} good bottles rejected"
    assert report["roc_auc"] >= 0.99


def test_bottle_model_is_small_and_its_card_describes_it(bottle: Cascade) -> None:
    assert bottle.anomaly is not None
    path = models_dir() / "bottle" / "anomaly.onnx"
    assert path.stat().st_size <= 15e6
    # the fast graph (model card, Speed): 224 px, pads folded into the convolutions, the search one Gemm
    assert bottle.anomaly.info.input_size == (224, 224)
    ops = [n.op_type for n in onnx.load(str(path)).graph.node]
    assert "Pad" not in ops and ops.count("Gemm") == 1 and "Sub" not in ops
    card = (models_dir() / "bottle" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert bottle.anomaly.sha256 in card
    assert "CC BY-NC-SA 4.0" in card and "Bergmann" in card
    assert bottle.anomaly.info.training["command"].startswith("station train anomaly")


def test_bottle_demo_boxes_the_defects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "demo.jsonl"
    assert main(["inspect", "--recipe", "bottle", "--source", "demo", "--jsonl", str(jsonl), "--device", "cpu"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    demo = sorted(p for p in (resources_dir() / "demo" / "bottle").iterdir() if p.suffix == ".jpg")
    assert summary["parts"] == len(demo) == 6 and summary["errors"] == 0
    for record in map(json.loads, jsonl.read_text().splitlines()):
        defective = "_good_" not in record["source_id"]
        assert (record["verdict"] == Verdict.NG.value) == defective, record["source_id"]
        assert bool(record["detections"]) == defective
        assert all(d["label"] == "anomaly" for d in record["detections"])
