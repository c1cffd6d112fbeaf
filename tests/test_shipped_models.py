"""Regression gate for the shipped models: what a user gets from `uv run station` must stay this good."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station.cli import main
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.inference.cascade import Cascade
from station.training.evaluate import evaluate_classifier

REGRESSION_SET = Path(__file__).parent / "data" / "casting"  # 60 OK + 60 defect, from the validation split


@pytest.fixture(scope="module")
def casting() -> Cascade:
    return Cascade(Recipe.load("casting", models_dir()), device="cpu")


def test_casting_model_keeps_its_accuracy(casting: Cascade) -> None:
    assert casting.classifier is not None and casting.threshold is not None
    report = evaluate_classifier(casting.classifier, REGRESSION_SET, casting.threshold)
    assert report["images"] == 120 and not report["unreadable"]
    (_, fp), (fn, _) = report["confusion_matrix"]
    assert fn == 0, f"{fn} defective castings passed as OK"
    assert fp <= 1, f"{fp} good castings rejected"
    assert report["roc_auc"] >= 0.999


def test_casting_model_card_describes_this_model(casting: Cascade) -> None:
    assert casting.classifier is not None
    card = (models_dir() / "casting" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert casting.classifier.sha256 in card
    assert "CC BY-NC-ND 4.0" in card
    assert f"{casting.classifier.info.threshold:.4f}" in card
    assert casting.classifier.info.training["command"].startswith("station train classifier")


def test_demo_run_gives_the_labelled_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "demo.jsonl"
    assert main(["inspect", "--recipe", "casting", "--source", "demo", "--jsonl", str(jsonl)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    demo = sorted((resources_dir() / "demo" / "casting").iterdir())
    assert summary["parts"] == len(demo) and summary["errors"] == 0
    wrong = [
        r["source_id"]
        for r in map(json.loads, jsonl.read_text().splitlines())
        if ("cast_def" in r["source_id"]) != (r["verdict"] == "NG")
    ]
    assert len(wrong) <= 1, wrong
