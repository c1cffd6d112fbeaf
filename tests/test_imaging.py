"""One image module for every layer: the same conversion, the same heatmap and the same thumbnail everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import grimp
import numpy as np
import pytest

from station.core.types import Detection, Inspection, Verdict
from station.history.archive import THUMBNAIL_SIZE, ImageArchive
from station.imaging import (
    annotate,
    as_bgr8,
    buffer_to_bgr,
    fit_within,
    heat_strength,
    heatmap_overlay,
    thumbnail,
)


def _float_blend(image: np.ndarray, heatmap: np.ndarray, alpha: float) -> np.ndarray:
    """The archive's former blend (float32 upscaling), as the reference for the shared one."""
    height, width = image.shape[:2]
    upscaled = cv2.resize(heatmap.astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC)
    grey = np.clip(upscaled * 255, 0, 255).astype(np.uint8)
    colours = cv2.applyColorMap(grey, cv2.COLORMAP_JET)
    return cv2.addWeighted(image, 1.0 - alpha, colours, alpha, 0.0)


def _part(verdict: Verdict, score: float, heat: np.ndarray | None = None) -> Inspection:
    box = Detection("crack", 0, 0.9, (40.0, 120.0, 160.0, 200.0))
    return Inspection("p", 0, 0.0, verdict, score, 0.16, heatmap=heat, detections=(box,))


def test_the_shared_blend_looks_like_the_exact_one(real_images: list[np.ndarray]) -> None:
    rng = np.random.default_rng(3)
    for image in real_images[:3]:
        heat = rng.random((7, 7)).astype(np.float32)
        for alpha in (0.2, 0.45, 0.9):
            difference = np.abs(heatmap_overlay(image, heat, alpha).astype(int) - _float_blend(image, heat, alpha))
            assert difference.max() <= 5 and difference.mean() < 0.5  # a JET step is 4 of 255


def test_the_archive_keeps_the_thumbnail_the_shared_function_draws(tmp_path: Path) -> None:
    image = np.full((300, 400, 3), 100, np.uint8)
    heat = np.zeros((5, 5), np.float32)
    heat[4, 4] = 1.0
    part = _part(Verdict.NG, 0.9, heat)
    archive = ImageArchive(tmp_path)
    _, thumb_rel = archive.save("p1", dt.datetime(2026, 1, 2, tzinfo=dt.UTC), image, part)
    stored = cv2.imread(str(archive.path(thumb_rel)))
    assert stored is not None
    drawn = thumbnail(image, part, THUMBNAIL_SIZE)
    assert stored.shape == drawn.shape == (168, 224, 3)
    assert np.abs(stored.astype(int) - drawn).mean() < 4  # the same picture, but for JPEG's rounding
    assert np.abs(stored.astype(int) - thumbnail(image, part, THUMBNAIL_SIZE, banner=False)).mean() > 8
    heat_png = archive.heatmap(f"{thumb_rel.removesuffix('_thumb.jpg')}.jpg")
    assert heat_png is not None and heat_png[4, 4] == 1.0


def test_a_passed_parts_heatmap_is_faint_in_every_thumbnail() -> None:
    """The app's rule (heat shown as strongly as the part nearly failed) holds for the archive's thumbnail too."""
    image = np.full((240, 320, 3), 120, np.uint8)
    heat = np.zeros((5, 5), np.float32)
    heat[0, 4] = 1.0
    clean, flagged = _part(Verdict.OK, 0.002, heat), _part(Verdict.NG, 0.9, heat)
    plain = thumbnail(image, _part(Verdict.OK, 0.002), 96, banner=False).astype(int)
    assert heat_strength(clean) == pytest.approx(0.0125)
    assert np.abs(thumbnail(image, clean, 96, banner=False) - plain).max() <= 4
    assert np.abs(thumbnail(image, flagged, 96, banner=False) - plain).max() > 40


def test_thumbnails_scale_boxes_and_leave_the_original_alone() -> None:
    image = np.full((300, 400, 3), 100, np.uint8)
    part = _part(Verdict.NG, 0.9)
    small = thumbnail(image, part, 100)
    assert small.shape == (75, 100, 3) and np.all(image == 100)
    assert tuple(small[round(160 * 0.25), round(40 * 0.25)]) == (0, 215, 255)  # the box's left edge, scaled
    assert tuple(small[2, 90]) == (40, 40, 220)  # the NG banner
    assert tuple(thumbnail(image, part, 100, banner=False)[2, 90]) == (100, 100, 100)  # no banner
    big = annotate(image, part)
    assert big.shape == image.shape and tuple(big[160, 40]) == (0, 215, 255)
    assert fit_within(image, 1000)[0] is image  # never enlarged


def test_camera_buffers_become_bgr() -> None:
    mono16 = (np.full((2, 3), 1023, np.uint16)).tobytes()  # 10-bit full scale
    assert np.all(buffer_to_bgr(mono16, 3, 2, "Mono10") == 255)
    levels = np.array([[0, 2048, 4095]], np.uint16).tobytes()  # 12 bits: black, mid grey, full scale
    assert list(buffer_to_bgr(levels, 3, 1, "Mono12")[0, :, 0]) == [0, 127, 255]
    rgb = np.array([[[255, 0, 0]]], np.uint8).tobytes()
    assert tuple(buffer_to_bgr(rgb, 1, 1, "RGB8")[0, 0]) == (0, 0, 255)
    bayer = buffer_to_bgr(np.zeros(16, np.uint8).tobytes(), 4, 4, "BayerRG8")
    assert bayer.shape == (4, 4, 3) and bayer.dtype == np.uint8
    with pytest.raises(ValueError, match="YUV422 is not supported"):
        buffer_to_bgr(b"", 1, 1, "YUV422")
    assert as_bgr8(np.zeros((2, 2), np.uint8)).shape == (2, 2, 3)


def test_capture_and_history_need_nothing_from_inference_to_handle_pictures() -> None:
    """Image conversion sits below inference: capture no longer imports upward into it, nor the archive."""
    graph = grimp.build_graph("station")
    for importer in ("station.capture", "station.history.archive", "station.imaging"):
        chains = graph.find_shortest_chains(importer, "station.inference", as_packages=True)
        assert not chains, f"{importer} imports station.inference: {sorted(chains)}"
