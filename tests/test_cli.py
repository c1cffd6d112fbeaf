"""The `station` command as users and scripts call it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from station.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_inspect_stops_after_frames_and_writes_jsonl(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonl = tmp_path / "out.jsonl"
    source = f"folder:{REPO / 'resources' / 'demo' / 'casting'}"
    assert (
        main(["inspect", "--recipe", str(tiny_recipe), "--source", source, "--frames", "3", "--jsonl", str(jsonl)]) == 0
    )
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["parts"] == 3 == summary["ok"] + summary["ng"] + summary["errors"]
    assert summary["source"] == source and summary["recipe"] == "tiny"
    assert summary["delivered"] == 3 and summary["not_inspected"] == 0 and summary["reconnects"] == 0
    assert {"inspected", "parts_per_s", "latency_ms_p50", "latency_ms_p95", "providers"} <= set(summary)
    assert summary["providers"] == {"classifier": "CPUExecutionProvider"}
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert [Path(r["source_id"]).name for r in records] == sorted(
        p.name for p in (REPO / "resources/demo/casting").iterdir()
    )[:3]
    for record in records:
        assert {"source_id", "verdict", "defect_score", "detections", "timings_ms", "error"} <= set(record)
        assert record["timings_ms"]["total"] >= record["timings_ms"]["classifier"] > 0


def test_demo_source_uses_the_recipe_samples(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = tmp_path / "models"
    shutil.copytree(tiny_recipe, models / "casting")
    (models / "casting" / "recipe.yaml").write_text("name: casting\nclassifier: classifier.onnx\n")
    code = main(["inspect", "--recipe", str(models / "casting"), "--source", "demo", "--device", "cpu"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["parts"] == len(list((REPO / "resources/demo/casting").iterdir()))


def test_entry_point_runs_in_a_fresh_process(tiny_recipe: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "station.cli",
            "inspect",
            "--recipe",
            str(tiny_recipe),
            "--frames",
            "2",
            "--source",
            f"folder:{REPO / 'resources' / 'demo' / 'casting'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["parts"] == 2
    assert "part" in result.stderr  # the progress bar goes to stderr, stdout stays machine-readable


def test_bench_reports_side_by_side_ratio(tiny_recipe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = f"folder:{REPO / 'resources' / 'demo' / 'casting'}"
    assert main(["bench", "--recipe", str(tiny_recipe), "--source", source, "--rounds", "1"]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"classifier_pps", "cascade_pps", "ratio", "classifier_ms", "heatmap_ms"} <= set(report)
    assert report["ratio"] == pytest.approx(report["cascade_pps"] / report["classifier_pps"], rel=0.01)
    assert report["ratio_range"] == [report["ratio"], report["ratio"]]  # one round: one pair
    assert report["heatmap_ms"] > 0


def test_evaluate_writes_report_and_plots(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "eval" / "report.json"
    data = REPO / "tests" / "data" / "casting"
    assert main(["evaluate", "--recipe", str(tiny_recipe), "--data", str(data), "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    n = len(list((data / "ok").iterdir())) + len(list((data / "defect").iterdir()))
    (tn, fp), (fn, tp) = report["confusion_matrix"]
    assert tn + fp + fn + tp == n == report["images"]
    assert tp + fn == len(list((data / "defect").iterdir()))
    assert report["accuracy"] == pytest.approx((tp + tn) / n)
    assert {"precision", "recall", "f1", "roc_auc", "threshold"} <= set(report)
    assert (tmp_path / "eval" / "report_confusion.png").stat().st_size > 1000
    assert (tmp_path / "eval" / "report_roc.png").stat().st_size > 1000
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["confusion_matrix"] == report["confusion_matrix"]


def test_evaluate_compares_a_candidate_on_the_same_images(
    tiny_recipe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = REPO / "tests" / "data" / "casting"
    shipped = REPO / "models" / "casting"
    assert main(["evaluate", "--recipe", str(tiny_recipe), "--data", str(data), "--compare", str(shipped)]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["current"]["images"] == result["candidate"]["images"] == 120
    delta = result["candidate_minus_current"]["accuracy"]
    assert delta == pytest.approx(result["candidate"]["accuracy"] - result["current"]["accuracy"], abs=1e-6)
    assert result["candidate"]["accuracy"] >= 0.95  # the shipped model on its regression set


def test_overlays_are_saved_for_inspected_parts(tiny_recipe: Path, tmp_path: Path) -> None:
    import cv2
    import numpy as np

    parts = tmp_path / "parts"
    parts.mkdir()
    demo = sorted((REPO / "resources" / "demo" / "casting").iterdir())[:2]
    for p in demo:
        shutil.copy(p, parts / p.name)
    (parts / "broken.jpg").write_bytes(b"not a jpeg")
    out = tmp_path / "overlays"
    assert main(["inspect", "--recipe", str(tiny_recipe), "--source", f"folder:{parts}", "--overlays", str(out)]) == 0
    saved = sorted(out.iterdir())
    assert len(saved) == 2  # the broken file has no picture to annotate; it is in the summary as an error
    original = cv2.imread(str(demo[0]))
    overlay = cv2.imread(str(saved[0]))
    assert original is not None and overlay is not None
    assert overlay.shape == original.shape
    assert not np.array_equal(overlay, original)  # heatmap and verdict banner were drawn
    assert saved[0].name.split("_")[1] in ("OK", "NG")
