"""The model page's metrics: charts from the recipe's evaluation files, and a candidate compared on a worker."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from station.session.compare import figures, per_class, roc_auc

REPO = Path(__file__).resolve().parent.parent
CASTING_SET = REPO / "tests" / "data" / "casting"


def test_per_class_figures_and_auc_match_the_training_metrics() -> None:
    from station.training.metrics import binary_metrics

    rng = np.random.default_rng(4)
    labels = rng.integers(0, 2, 300)
    scores = np.round(np.clip(labels * 0.3 + rng.random(300) * 0.8, 0, 1), 2)  # rounded: ties happen
    expected = binary_metrics(labels, scores, 0.5)
    got = figures(labels, (scores >= 0.5).astype(int), scores)
    for key in ("accuracy", "precision", "recall", "f1", "roc_auc"):
        assert got[key] == pytest.approx(expected[key], abs=1e-12)
    assert got["confusion_matrix"] == expected["confusion_matrix"]
    ok = per_class(expected["confusion_matrix"])["ok"]
    (tn, fp), (fn, _tp) = expected["confusion_matrix"]
    assert ok["precision"] == pytest.approx(tn / (tn + fn)) and ok["recall"] == pytest.approx(tn / (tn + fp))
    assert roc_auc(np.array([1, 1]), np.array([0.2, 0.3])) is None  # one class: no curve


def test_compare_gives_what_station_evaluate_compare_prints(tiny_recipe: Path, tmp_path: Path) -> None:
    """The app's comparison and the CLI's are the same figures on the same images."""
    from station.core.config import StationConfig
    from station.session import load_cascade
    from station.session.compare import compare

    data = tmp_path / "data"
    for name in ("ok", "defect"):
        (data / name).mkdir(parents=True)
        for path in sorted((CASTING_SET / name).iterdir())[:12]:
            shutil.copy(path, data / name / path.name)
    candidate = tmp_path / "candidate"
    shutil.copytree(tiny_recipe, candidate)
    (candidate / "recipe.yaml").write_text("name: candidate\nclassifier: classifier.onnx\nthreshold: 0.9\n")
    config = StationConfig()
    current = load_cascade(config, tiny_recipe, use_history=False)
    other = load_cascade(config, candidate, use_history=False)
    ours = compare(current, other, data)
    command = [sys.executable, "-m", "station.cli", "evaluate", "--recipe", str(tiny_recipe)]
    command += ["--compare", str(candidate), "--data", str(data)]
    cli = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert cli.returncode == 0, cli.stderr
    printed = json.loads(cli.stdout.strip().splitlines()[-1])
    for side in ("current", "candidate"):
        for key in ("accuracy", "precision", "recall", "f1", "roc_auc", "threshold"):
            assert ours[side][key] == pytest.approx(printed[side][key], abs=1e-9), (side, key)
        assert ours[side]["confusion_matrix"] == printed[side]["confusion_matrix"]
    assert ours["images"] == 24 and ours["candidate"]["threshold"] == 0.9


def test_model_page_charts_the_card_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pytestqt")
    from station.core.config import StationConfig
    from station.session import load_cascade
    from station.ui.metricscharts import BarChart, ConfusionChart
    from station.ui.modelpage import ModelPage

    for recipe in ("casting", "steel_strip"):
        cascade = load_cascade(StationConfig(), recipe, use_history=False)
        page = ModelPage(cascade, None, StationConfig())
        qtbot.addWidget(page)
        bars = [c for c in page.charts if isinstance(c, BarChart)]
        matrices = [c for c in page.charts if isinstance(c, ConfusionChart)]
        if recipe == "casting":  # precision/recall/F1 of each class and the confusion matrix of validation.json
            validation = json.loads((REPO / "models" / "casting" / "validation.json").read_text())
            assert len(bars) == 1 and len(matrices) == 1
            heights = [list(b.opts["height"]) for b in bars[0].bars]
            assert heights[0][1] == pytest.approx(validation["precision"])  # precision, defect class
            assert heights[1][1] == pytest.approx(validation["recall"])
            assert heights[2][1] == pytest.approx(validation["f1"])
            counts = [int(cell.textItem.toPlainText()) for cell in matrices[0].cells]
            assert counts == [n for row in validation["confusion_matrix"] for n in row]
        else:  # a detector: AP per class, no ok/defect confusion matrix
            assert len(bars) == 1 and not matrices
            assert len(bars[0].bars[0].opts["height"]) == len(cascade.recipe.detector_classes)
        page.close()


def test_a_comparison_runs_on_a_worker_and_warns_of_a_worse_candidate(qtbot, tiny_recipe: Path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pytestqt")
    import threading

    from station.core.config import StationConfig
    from station.session import load_cascade
    from station.ui import comparepage
    from station.ui.comparepage import ComparePage

    data = tmp_path / "data"
    for name in ("ok", "defect"):
        (data / name).mkdir(parents=True)
        for path in sorted((CASTING_SET / name).iterdir())[:6]:
            shutil.copy(path, data / name / path.name)
    candidate = tmp_path / "candidate"
    shutil.copytree(tiny_recipe, candidate)
    (candidate / "recipe.yaml").write_text("name: candidate\nclassifier: classifier.onnx\nthreshold: 1.0\n")
    threads: list[threading.Thread] = []
    from station.session.compare import compare as real_compare

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real_compare(*args, **kwargs)

    page = ComparePage(load_cascade(StationConfig(), tiny_recipe, use_history=False), StationConfig())
    qtbot.addWidget(page)
    page.show()
    page.candidate_edit.setText(str(candidate))
    page.data_edit.setText(str(data))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(comparepage, "compare", spy)
        page.run()
        assert not page.run_button.isEnabled()
        qtbot.waitUntil(lambda: page.result is not None, timeout=120_000)
    assert threads and threads[0] is not threading.main_thread()  # never on the UI thread
    assert page.summary_chart.isVisible() and page.candidate_matrix.isVisible()
    result = page.result
    assert (
        result is not None and result["candidate"]["recall"] < result["current"]["recall"]
    )  # threshold 1.0 catches nothing
    assert "do not swap" in page.status.text()
