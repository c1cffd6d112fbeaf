"""Preprocessing is what the model was trained with; boxes map back to source pixels."""

from __future__ import annotations

import numpy as np
import pytest

from station.core.modelinfo import ModelInfo
from station.inference.preprocess import ImageFormatError, as_bgr8, letterbox, resize_to, to_tensor


def test_as_bgr8_handles_what_cameras_send() -> None:
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert as_bgr8(grey).shape == (3, 4, 3)
    assert as_bgr8(grey[:, :, None]).shape == (3, 4, 3)
    assert np.array_equal(as_bgr8(np.full((2, 2), 65535, np.uint16)), np.full((2, 2, 3), 255, np.uint8))
    assert as_bgr8(np.ones((2, 2, 4), np.uint8)).shape == (2, 2, 3)
    assert as_bgr8(np.full((2, 2, 3), 0.5, np.float32))[0, 0, 0] == 128
    with pytest.raises(ImageFormatError):
        as_bgr8(np.zeros((2, 2, 2), np.uint8))
    with pytest.raises(ImageFormatError):
        as_bgr8(np.zeros((0, 3), np.uint8))


def test_letterbox_round_trip_maps_boxes_to_source_pixels() -> None:
    image = np.zeros((300, 600, 3), np.uint8)
    placed, box = letterbox(image, 320, 320)
    assert placed.shape == (320, 320, 3)
    assert box.scale == pytest.approx(320 / 600) and box.pad_left == 0 and box.pad_top == 80
    source = np.array([[60.0, 30.0, 300.0, 150.0]])
    in_input = source * box.scale + np.array([box.pad_left, box.pad_top] * 2)
    assert np.allclose(box.to_source(in_input, 600, 300), source, atol=1e-3)
    assert placed[0, 0, 0] == 114 and placed[160, 160, 0] == 0


def test_resize_is_area_when_shrinking() -> None:
    checker = (np.indices((4, 4)).sum(0) % 2 * 255).astype(np.uint8)
    out = resize_to(np.dstack([checker] * 3), 2, 2)
    assert np.all(out == 128) or np.all(out == 127)


@pytest.mark.parametrize("color_order", ["RGB", "BGR"])
def test_to_tensor_is_exactly_the_normalisation_training_used(color_order: str) -> None:
    """The lookup table must give the very floats of ``(x * scale - mean) / std`` in the model's channel order."""
    info = ModelInfo(
        task="classifier",
        architecture="resnet18",
        input_size=(24, 32),
        resize="resize",
        color_order=color_order,
        mean=(0.485, 0.456, 0.406),
        std=(0.229, 0.224, 0.225),
        class_names=("ok", "defect"),
        positive_class="defect",
    )
    image = np.random.default_rng(0).integers(0, 256, (24, 32, 3), dtype=np.uint8)
    channels = image[:, :, ::-1] if color_order == "RGB" else image
    x = channels.astype(np.float32) * np.float32(info.scale)
    expected = ((x - np.asarray(info.mean, np.float32)) / np.asarray(info.std, np.float32)).transpose(2, 0, 1)[None]
    tensor = to_tensor(image, info)
    assert tensor.dtype == np.float32 and tensor.shape == (1, 3, 24, 32) and tensor.flags.c_contiguous
    assert np.array_equal(tensor, expected)
