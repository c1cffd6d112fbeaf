"""The cascade: anomaly model and/or classifier on every part, detector on flagged parts (or all, per recipe).

With an anomaly stage (``anomaly:`` in the recipe) its map is the part's heatmap, its score and
threshold are the part's, and its regions above threshold are boxes labelled ``anomaly``; a
classifier behind it still sees every part, and the part is NG when either flags it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from station.core.recipe import Recipe
from station.core.types import Detection, Frame, Inspection, Verdict
from station.inference.anomaly import AnomalyModel, anomaly_regions
from station.inference.classifier import Classifier
from station.inference.detector import Detector
from station.inference.onnxmodel import Device, ModelLoadError
from station.inference.partcheck import not_a_part_reason

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CascadeInfo:
    """What the station tells the operator and the summary about the loaded models."""

    recipe: str
    threshold: float | None
    providers: dict[str, str]
    model_hashes: dict[str, str]


class Cascade:
    """Loads a recipe's models once and inspects frames one at a time.

    ``inspect`` never raises for a bad part: any failure becomes an ERROR
    inspection with the reason, so a run goes on and every part is counted.
    """

    def __init__(self, recipe: Recipe, device: Device = "auto") -> None:
        self.recipe = recipe
        self.classifier: Classifier | None = None
        self.detector: Detector | None = None
        self.anomaly: AnomalyModel | None = None
        # each model checks its bytes against the recipe's manifest as it loads them (one read per file)
        digests = {recipe.folder / name: digest for name, digest in recipe.models_sha256.items()}
        if recipe.anomaly_path is not None:
            self.anomaly = AnomalyModel(recipe.anomaly_path, device, digests.get(recipe.anomaly_path))
        if recipe.classifier_path is not None:
            self.classifier = Classifier(recipe.classifier_path, device, digests.get(recipe.classifier_path))
        if recipe.detector_path is not None:
            self.detector = Detector(recipe.detector_path, device, digests.get(recipe.detector_path))
            if tuple(self.detector.info.class_names) != tuple(recipe.detector_classes):
                raise ModelLoadError(
                    f"{recipe.detector_path}: detector classes {list(self.detector.info.class_names)} "
                    f"do not match the recipe's detector_classes {list(recipe.detector_classes)}"
                )
        self.threshold: float | None = None
        self.threshold_source: str | None = None  # recipe | model | history: where the operating threshold came from
        self.notes: list[str] = []  # what the operator should know about how this recipe was loaded
        self.anomaly_threshold: float | None = None
        if self.anomaly is not None:
            # the recipe's threshold is the classifier's when there is one, as before
            override = recipe.threshold if self.classifier is None else None
            self.anomaly_threshold = override if override is not None else self.anomaly.threshold
        if self.classifier is not None:
            self.threshold = recipe.threshold if recipe.threshold is not None else self.classifier.info.threshold
            self.threshold_source = "recipe" if recipe.threshold is not None else "model"
        elif self.anomaly is not None:
            self.threshold = self.anomaly_threshold
            self.threshold_source = "recipe" if recipe.threshold is not None else "model"
        self.model_hashes = {role: model.sha256 for role, model in self._models() if model}

    def _models(self) -> tuple[tuple[str, Classifier | Detector | AnomalyModel | None], ...]:
        return (("anomaly", self.anomaly), ("classifier", self.classifier), ("detector", self.detector))

    @property
    def info(self) -> CascadeInfo:
        providers = {role: model.provider for role, model in self._models() if model}
        return CascadeInfo(self.recipe.name, self.threshold, providers, dict(self.model_hashes))

    def warm_up(self) -> None:
        for _role, model in self._models():
            if model is not None:
                model.warm_up()

    def inspect(self, frame: Frame, with_heatmap: bool = True) -> Inspection:
        if frame.image is None:
            return Inspection.failed(frame, frame.error or "no image")
        reason = not_a_part_reason(frame.image, self.recipe.part_check)
        if reason is not None:  # a blank, noise or tiny frame is never passed as a part: counted as an error
            return Inspection.failed(frame, f"{Path(frame.source_id).name}: {reason}")
        started = time.perf_counter()
        try:
            return self._inspect(frame, with_heatmap, started)
        except Exception as exc:  # a part that breaks the models must not stop the line
            log.exception("inspection of %s failed", frame.source_id)
            return Inspection.failed(frame, f"inspection failed: {type(exc).__name__}: {exc}")

    def _inspect(self, frame: Frame, with_heatmap: bool, started: float) -> Inspection:
        assert frame.image is not None
        timings: dict[str, float] = {}
        probabilities: dict[str, float] = {}
        heatmap = None
        score: float | None = None
        flagged = False
        detections: tuple[Detection, ...] = ()
        if self.anomaly is not None:
            anomaly = self.anomaly.predict(frame.image)
            timings.update(anomaly.timings_ms)
            limit = self._anomaly_limit()
            flagged = anomaly.score >= limit
            if flagged:
                detections = anomaly_regions(anomaly.map, limit, (frame.size or (1, 1)))
        if self.classifier is not None:
            out = self.classifier.predict(frame.image, with_heatmap=with_heatmap)
            shared = timings.get("preprocess", 0.0)
            timings.update(out.timings_ms)
            timings["preprocess"] += shared  # each stage prepares its own input
            probabilities = dict(zip(self.classifier.info.class_names, map(float, out.probabilities), strict=True))
            score, heatmap = out.defect_score, out.heatmap
            assert self.threshold is not None
            flagged = flagged or score >= self.threshold
        if self.anomaly is not None:
            score, heatmap = anomaly.score, (anomaly.map if with_heatmap else None)
            probabilities = {"anomaly": anomaly.score, **probabilities}
        screened = self.classifier is not None or self.anomaly is not None
        run_detector = self.detector is not None and (not screened or self.recipe.detector_on == "all" or flagged)
        if run_detector:
            assert self.detector is not None
            det = self.detector.predict(frame.image, self.recipe.detector_confidence, self.recipe.detector_iou)
            timings.update(det.timings_ms)
            detections = detections + det.detections
            if not screened:
                score = max((d.confidence for d in detections), default=0.0)
            flagged = flagged or bool(det.detections)
        timings["total"] = (time.perf_counter() - started) * 1e3
        return Inspection(
            source_id=frame.source_id,
            index=frame.index,
            timestamp=frame.timestamp,
            verdict=Verdict.NG if flagged else Verdict.OK,
            defect_score=score,
            threshold=self._part_threshold(),
            class_probabilities=probabilities,
            heatmap=heatmap,
            detections=detections,
            timings_ms=timings,
            model_hashes=self.model_hashes,
            image_size=frame.size,
        )

    def _anomaly_limit(self) -> float:
        """The anomaly stage's threshold: the operating threshold itself when it is the recipe's only screen
        (so a QA lead's change, stored in the history, applies to it), else its own."""
        limit = self.threshold if self.classifier is None else self.anomaly_threshold
        assert limit is not None
        return limit

    def _part_threshold(self) -> float | None:
        """The threshold the part's ``defect_score`` is compared with: of the anomaly stage, else the classifier."""
        if self.anomaly is not None:
            return self._anomaly_limit()
        return self.threshold if self.classifier is not None else self.recipe.detector_confidence
