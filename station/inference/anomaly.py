"""The good-parts-only (anomaly) model on ONNX Runtime: image -> anomaly map, score and boxes.

One ONNX graph (``station train anomaly``) holds the backbone, the memory bank and
the nearest-neighbour search; its outputs are already normalised so that 0.5 is the
threshold set on held-out good parts. The map is the part's heatmap; its regions
above the threshold become boxes labelled ``anomaly``, in source-image pixels.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from station.core.types import Detection
from station.inference.onnxmodel import Device, ModelLoadError, OnnxModel
from station.inference.preprocess import prepare

ANOMALY_LABEL = "anomaly"
MAP_OUTPUT, SCORE_OUTPUT = "anomaly_map", "score"
REGION_GRID = 128  # the map is upscaled to this many cells a side before it is cut into regions


@dataclass(frozen=True)
class AnomalyOutput:
    score: float  # in [0, 1); at or above the threshold (0.5 as trained) the part is flagged
    map: np.ndarray  # h x w in [0, 1), on the model's feature grid: the part's heatmap
    timings_ms: dict[str, float]


def anomaly_regions(
    heatmap: np.ndarray, threshold: float, image_size: tuple[int, int], min_cells: int = 8
) -> tuple[Detection, ...]:
    """Boxes (source pixels) around the connected regions of ``heatmap`` at or above ``threshold``.

    The map is upscaled smoothly to a finer grid first, so a box follows the region rather than
    the feature grid's cells. A region smaller than ``min_cells`` cells of that grid is noise.
    The confidence of a box is the map's peak inside it. A map with any cell at or above the
    threshold always gets at least one box (its peak cell when every region is too small).
    """
    width, height = image_size
    if not (heatmap >= threshold).any():
        return ()
    fine = cv2.resize(heatmap.astype(np.float32), (REGION_GRID, REGION_GRID), interpolation=cv2.INTER_LINEAR)
    count, labels, stats, _ = cv2.connectedComponentsWithStats((fine >= threshold).astype(np.uint8), connectivity=8)
    sx, sy = width / REGION_GRID, height / REGION_GRID
    found = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < min_cells:
            continue
        peak = float(fine[labels == i].max())
        box = (x * sx, y * sy, min((x + w) * sx, width), min((y + h) * sy, height))
        found.append(Detection(ANOMALY_LABEL, 0, min(max(peak, 0.0), 1.0), box))
    if not found:  # a flagged part always shows where: the feature cell with the highest value
        row, col = np.unravel_index(int(np.argmax(heatmap)), heatmap.shape)
        cw, ch = width / heatmap.shape[1], height / heatmap.shape[0]
        box = (col * cw, row * ch, (col + 1) * cw, (row + 1) * ch)
        found.append(Detection(ANOMALY_LABEL, 0, min(float(heatmap.max()), 1.0), box))
    found.sort(key=lambda d: -d.confidence)
    return tuple(found)


class AnomalyModel(OnnxModel):
    """The anomaly stage. Runs on ONNX Runtime alone: no torch on the line."""

    expected_task = "anomaly"

    def __init__(self, path: Path, device: Device = "auto", expected_sha256: str | None = None) -> None:
        super().__init__(path, device, expected_sha256)
        outputs = [o.name for o in self.session.get_outputs()]
        self.map_output = self.info.outputs.get("map", MAP_OUTPUT)
        self.score_output = self.info.outputs.get("score", SCORE_OUTPUT)
        for name in (self.map_output, self.score_output):
            if name not in outputs:
                raise ModelLoadError(f"{self.path}: metadata names output {name!r}, the graph has {outputs}")
        self._fetch = [self.map_output, self.score_output]

    @property
    def threshold(self) -> float:
        """The score at which a part is flagged, as chosen at training time."""
        return self.info.threshold

    def run(self, tensor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Maps (N x h x w) and scores (N) for a prepared batch."""
        maps, scores = self.session.run(self._fetch, {self.input_name: tensor})
        return maps, scores

    def predict(self, image_bgr: np.ndarray) -> AnomalyOutput:
        t0 = time.perf_counter()
        tensor, _ = prepare(image_bgr, self.info)
        t1 = time.perf_counter()
        maps, scores = self.run(tensor)
        t2 = time.perf_counter()
        timings = {"preprocess": (t1 - t0) * 1e3, "anomaly": (t2 - t1) * 1e3}
        return AnomalyOutput(float(scores[0]), maps[0].astype(np.float32, copy=False), timings)

    def regions(self, out: AnomalyOutput, image_size: tuple[int, int], threshold: float) -> tuple[Detection, ...]:
        """Boxes of ``out``'s map above ``threshold`` for an image of ``image_size`` (width, height)."""
        return anomaly_regions(out.map, threshold, image_size)
