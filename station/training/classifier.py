"""Train the OK/defect classifier (torchvision ResNet or EfficientNet-Lite0) from an ``ok/`` + ``defect/`` folder.

Seeded and resumable: every epoch writes a checkpoint; a rerun with the same
output folder continues where the last one stopped. Images are decoded and
resized once with the runtime's own preprocessing, then augmented in memory.
"""

from __future__ import annotations

import json
import logging
import math
import pickle
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torchvision
from torch import nn
from tqdm import tqdm

from station.capture.imagefile import read_image
from station.inference.preprocess import resize_to
from station.training.architectures import (
    ARCHITECTURES,
    FINE_GRID_SUFFIX,
    IMAGENET_MEAN,
    IMAGENET_STD,
    LITE,
    PretrainedWeightsUnavailable,
    StridedPositionsPool,
    build_model,
    keep_last_stage_resolution,
    split_architecture,
)
from station.training.data import (
    CLASSIFIER_CLASSES,
    LabelledImages,
    balanced_order,
    list_ok_defect,
    listed_split,
    read_name_list,
    stratified_split,
    write_split,
)
from station.training.guards import MIN_VALIDATION_PER_CLASS, check_validation_split
from station.training.metrics import binary_metrics, choose_threshold

log = logging.getLogger(__name__)

__all__ = [  # the network's construction lives in station.training.architectures; re-exported for old callers
    "ARCHITECTURES",
    "FINE_GRID_SUFFIX",
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "LITE",
    "PretrainedWeightsUnavailable",
    "StridedPositionsPool",
    "build_model",
    "keep_last_stage_resolution",
    "split_architecture",
]


@dataclass
class ClassifierTrainConfig:
    data: Path
    out: Path
    architecture: str = "resnet18"
    image_size: int = 160
    epochs: int = 20
    batch_size: int = 32
    learning_rate: float = 2e-3
    weight_decay: float = 1e-4
    val_fraction: float = 0.2
    seed: int = 0
    patience: int = 5
    recall_target: float = 0.99
    pretrained: bool = False
    threads: int | None = None
    val_list: Path | None = None  # validation = exactly these file names (e.g. the detector's val.txt)
    balance: bool = False  # sample classes equally in every epoch
    init_from: Path | None = None  # a shipped classifier (.onnx or recipe folder) to fine-tune
    hard_list: Path | None = None  # file names drawn ``hard_weight`` times as often (overturned parts)
    hard_weight: float = 3.0
    masks: Path | None = None  # defect masks (NAME.png per NAME.jpg): teach the heatmap where defects are
    attention_weight: float = 1.0
    limit: int | None = field(default=None, metadata={"help": "use only this many images (smoke tests)"})
    min_val_per_class: int = MIN_VALIDATION_PER_CLASS  # fewer OK or defect validation images: refused
    allow_small_validation: bool = False  # train anyway, with a loud warning in the log and the summary

    def to_json(self) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def head(model: nn.Module) -> nn.Linear:
    """The linear layer after global average pooling, whose rows are the exact Grad-CAM weights."""
    m: Any = model
    linear = m._fc if hasattr(m, "_fc") else m.fc
    assert isinstance(linear, nn.Linear)
    return linear


def load_resized(images: LabelledImages, size: int, desc: str) -> np.ndarray:
    """Decode and resize every image once (N x size x size x 3 BGR uint8)."""
    out = np.empty((len(images), size, size, 3), dtype=np.uint8)
    for i, path in enumerate(tqdm(images.paths, desc=desc, unit="img", leave=False)):
        out[i] = resize_to(read_image(path), size, size)
    return out


def to_batch(images_bgr: np.ndarray) -> torch.Tensor:
    """BGR uint8 N x H x W x 3 -> normalised RGB float N x 3 x H x W, exactly as the runtime prepares it."""
    x = torch.from_numpy(np.ascontiguousarray(images_bgr[..., ::-1])).float().mul_(1.0 / 255.0)
    x = (x - torch.tensor(IMAGENET_MEAN)) / torch.tensor(IMAGENET_STD)
    return x.permute(0, 3, 1, 2).contiguous()


def augment(
    batch: np.ndarray, rng: np.random.Generator, masks: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Flips, quarter turns and mild brightness/contrast changes: what a part on a line can look like.

    ``masks`` (N x H x W), when given, are flipped and turned with their images.
    """
    out = np.empty_like(batch)
    out_masks = None if masks is None else np.zeros_like(masks)
    for i, image in enumerate(batch):
        mask = None if masks is None else masks[i]
        flip_x, flip_y, turns = rng.random() < 0.5, rng.random() < 0.5, int(rng.integers(4))
        if flip_x:
            image = image[:, ::-1]
            mask = None if mask is None else mask[:, ::-1]
        if flip_y:
            image = image[::-1]
            mask = None if mask is None else mask[::-1]
        image = np.rot90(image, k=turns)
        gain = rng.uniform(0.85, 1.15)
        bias = rng.uniform(-15, 15)
        out[i] = np.clip(image.astype(np.float32) * gain + bias, 0, 255).astype(np.uint8)
        if out_masks is not None and mask is not None:
            out_masks[i] = np.rot90(mask, k=turns)
    return out, out_masks


def load_masks(images: LabelledImages, folder: Path, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Defect masks resized like their images (N x size x size, 0/1) and which images have one with
    any defect pixel; defect-free images and images without a mask file are not supervised."""
    masks = np.zeros((len(images), size, size), dtype=np.uint8)
    present = np.zeros(len(images), dtype=bool)
    for i, path in enumerate(images.paths):
        mask_path = folder / f"{path.stem}.png"
        if images.labels[i] == 0 or not mask_path.is_file():
            continue
        mask = read_image(mask_path)[..., 0]
        masks[i] = resize_to((mask > 127).astype(np.uint8) * 255, size, size) > 127
        present[i] = bool(masks[i].any())
    return masks, present


def logits_and_features(model: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Logits and the last feature map (the one Grad-CAM uses on the line) of a ResNet or EfficientNet-Lite0."""
    m: Any = model
    if hasattr(m, "_fc"):  # EfficientNet-Lite0: global average pooling, (dropout,) one linear layer
        features = m.features(x)
        return m._fc(m._dropout(features.mean(dim=(2, 3)))), features
    x = m.maxpool(m.relu(m.bn1(m.conv1(x))))
    features = m.layer4(m.layer3(m.layer2(m.layer1(x))))
    return m.fc(torch.flatten(m.avgpool(features), 1)), features


def attention_loss(model: nn.Module, features: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """How little of the defect heatmap falls on the defect: -log of the share of a spatial softmax of
    the defect class's activation map inside the mask (max-pooled to the feature grid)."""
    cam = torch.einsum("nchw,c->nhw", features, head(model).weight[1])
    grid = nn.functional.adaptive_max_pool2d(masks[:, None].float(), cam.shape[-2:])[:, 0]
    log_p = torch.log_softmax(cam.flatten(1), dim=1)
    inside = torch.logsumexp(log_p.masked_fill(grid.flatten(1) < 0.5, -1e4), dim=1)
    return -inside.mean()


def predict_probabilities(model: nn.Module, images: np.ndarray, batch_size: int = 64) -> np.ndarray:
    """Defect probability for each resized image."""
    model.eval()
    scores = []
    with torch.inference_mode():
        for start in range(0, len(images), batch_size):
            logits = model(to_batch(images[start : start + batch_size]))
            scores.append(torch.softmax(logits, dim=1)[:, 1].numpy())
    return np.concatenate(scores)


def _should_stop(state: dict[str, Any], cfg: ClassifierTrainConfig) -> bool:
    """Stop at the last epoch, or early once validation loss has not improved for ``patience`` epochs.

    Early stopping only applies in the second half of the one-cycle schedule:
    while the learning rate is near its peak, validation loss of a network
    trained from scratch swings widely and says little about where it will end.
    """
    epoch = int(state["epoch"])
    if epoch >= cfg.epochs:
        return True
    return epoch >= cfg.epochs // 2 and epoch - int(state["best_epoch"]) > cfg.patience


def _start_from(cfg: ClassifierTrainConfig) -> tuple[nn.Module, bool]:
    """The weights to fine-tune and whether their batch norms are folded (an ONNX file) and must stay frozen.

    ``init_from`` is a shipped classifier (its recipe folder or .onnx: same input size and architecture)
    or a training run's ``classifier.pt`` (any input size; a stride-32 run may start a ``-os16`` one).
    """
    from station.training.finetune import InitFromError, resnet_from_onnx

    assert cfg.init_from is not None
    path = cfg.init_from
    if path.suffix == ".pt":
        try:
            saved = torch.load(path, map_location="cpu", weights_only=False)
            model = build_model(cfg.architecture, len(CLASSIFIER_CLASSES), pretrained=False)
            model.load_state_dict(saved["state_dict"])
        except (OSError, KeyError, TypeError, RuntimeError, pickle.UnpicklingError) as exc:
            raise InitFromError(f"cannot start {cfg.architecture} from {path}: {exc}") from exc
        log.info("starting from %s (%s, %s px)", path, saved.get("architecture"), saved.get("image_size"))
        # Batch norms train on, also when a stride-32 run turns atrous: measured on magnetic tile, keeping them
        # frozen there gave accuracy 0.842 at recall 0.969 against 0.958 when they adapt to the finer grid.
        return model, False
    if path.is_dir():
        from station.core.recipe import Recipe

        classifier = Recipe.load(path).classifier_path
        if classifier is None:
            raise InitFromError(f"recipe {path} has no classifier to start from")
        path = classifier
    model, size = resnet_from_onnx(path)
    if size != cfg.image_size:
        raise InitFromError(f"{path} takes {size} px images; pass --image-size {size}")
    log.info("starting from %s", path)
    resnet: nn.Module = model
    return resnet, True


def freeze_batch_norms(model: nn.Module) -> None:
    """Keep batch norms as they are (eval mode, no gradient): folded ones from ONNX must not drift."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eval()
            for parameter in module.parameters():
                parameter.requires_grad_(False)


def initial_weights(cfg: ClassifierTrainConfig) -> str:
    """Which weights training started from, for the model card."""
    if cfg.init_from is not None:
        return f"fine-tuned from {cfg.init_from}"
    if not cfg.pretrained:
        return "random initialisation (from scratch)"
    base, _ = split_architecture(cfg.architecture)
    if base == LITE:
        from station.training.efficientnet_lite import IMAGENET_TOP1_NOTE

        return IMAGENET_TOP1_NOTE
    return f"torchvision {torchvision.models.get_model_weights(base).DEFAULT}"


def train_classifier(cfg: ClassifierTrainConfig, command: str | None = None) -> dict[str, Any]:
    """Train, pick the operating threshold on validation, and save ``best.pt``; returns the summary."""
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    cfg.out.mkdir(parents=True, exist_ok=True)
    ckpt_dir = cfg.out / "checkpoints"
    ckpt_dir.mkdir(exist_ok=True)

    images = list_ok_defect(cfg.data)
    if cfg.limit:
        keep = np.sort(np.random.default_rng(cfg.seed).permutation(len(images))[: cfg.limit])
        images = images.subset(keep)
    if cfg.val_list is not None:
        train_idx, val_idx = listed_split(images, read_name_list(cfg.val_list))
    else:
        train_idx, val_idx = stratified_split(images.labels, cfg.val_fraction, cfg.seed)
    write_split(cfg.out / "split.json", cfg.data, images, val_idx, cfg.seed)
    train_set, val_set = images.subset(train_idx), images.subset(val_idx)
    log.info("%d training and %d validation images", len(train_set), len(val_set))
    small_split = check_validation_split(val_set.labels, cfg.min_val_per_class, cfg.allow_small_validation)
    train_x = load_resized(train_set, cfg.image_size, "decode train")
    val_x = load_resized(val_set, cfg.image_size, "decode val")
    train_masks, has_mask = None, None
    if cfg.masks is not None:
        train_masks, has_mask = load_masks(train_set, cfg.masks, cfg.image_size)
        log.info("%d training images with defect masks guide the heatmap", int(has_mask.sum()))

    frozen_norms = False
    if cfg.init_from is not None:
        model, frozen_norms = _start_from(cfg)
    else:
        model = build_model(cfg.architecture, len(CLASSIFIER_CLASSES), cfg.pretrained)
    model = model.to(memory_format=torch.channels_last)
    boost = None
    if cfg.hard_list is not None:
        hard = read_name_list(cfg.hard_list)
        boost = np.asarray([cfg.hard_weight if p.name in hard else 1.0 for p in train_set.paths])
        log.info("%d hard parts drawn %.1f times as often", int((boost > 1).sum()), cfg.hard_weight)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=cfg.weight_decay)
    steps_per_epoch = math.ceil(len(train_set) / cfg.batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=cfg.learning_rate, total_steps=cfg.epochs * steps_per_epoch, pct_start=0.15
    )
    state: dict[str, Any] = {"epoch": 0, "best_loss": math.inf, "best_epoch": -1, "history": []}
    last = ckpt_dir / "last.pt"
    if last.exists():
        saved = torch.load(last, map_location="cpu", weights_only=False)
        if saved["config"] != cfg.to_json():
            raise ValueError(f"{last} was written with other settings; use a new --out or delete it")
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = saved["state"]
        log.info("resuming after epoch %d", state["epoch"])

    loss_fn = nn.CrossEntropyLoss()
    val_labels = torch.from_numpy(val_set.labels)
    while not _should_stop(state, cfg):
        epoch = state["epoch"]
        rng = np.random.default_rng([cfg.seed, epoch])
        torch.manual_seed(cfg.seed * 1000 + epoch)
        if cfg.balance or boost is not None:
            order = balanced_order(train_set.labels, rng, boost, balance=cfg.balance)
        else:
            order = rng.permutation(len(train_set))
        model.train()
        if frozen_norms:
            freeze_batch_norms(model)
        started, total_loss = time.perf_counter(), 0.0
        bar = tqdm(range(steps_per_epoch), desc=f"epoch {epoch + 1}/{cfg.epochs}", unit="batch")
        for step in bar:
            idx = order[step * cfg.batch_size : (step + 1) * cfg.batch_size]
            batch, masks = augment(train_x[idx], rng, None if train_masks is None else train_masks[idx])
            x = to_batch(batch).to(memory_format=torch.channels_last)
            y = torch.from_numpy(train_set.labels[idx])
            optimizer.zero_grad(set_to_none=True)
            if masks is None or has_mask is None or not has_mask[idx].any():
                loss = loss_fn(model(x), y)
            else:
                logits, features = logits_and_features(model, x)
                guided = torch.from_numpy(has_mask[idx])
                loss = loss_fn(logits, y) + cfg.attention_weight * attention_loss(
                    model, features[guided], torch.from_numpy(masks[has_mask[idx]])
                )
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(idx)
            bar.set_postfix(loss=f"{loss.item():.4f}")
        val_scores = predict_probabilities(model, val_x)
        val_loss = float(
            nn.functional.binary_cross_entropy(
                torch.from_numpy(val_scores).clamp(1e-7, 1 - 1e-7).double(), val_labels.double()
            )
        )
        val_acc = float(((val_scores >= 0.5) == val_set.labels).mean())
        record = {
            "epoch": epoch + 1,
            "train_loss": total_loss / len(train_set),
            "val_loss": val_loss,
            "val_accuracy_at_0.5": val_acc,
            "seconds": time.perf_counter() - started,
        }
        state["history"].append(record)
        log.info("epoch %d: %s", epoch + 1, json.dumps(record))
        tqdm.write(json.dumps(record))
        if val_loss < state["best_loss"]:
            state["best_loss"], state["best_epoch"] = val_loss, epoch
            torch.save(model.state_dict(), ckpt_dir / "best_weights.pt")
        state["epoch"] = epoch + 1
        checkpoint = {
            "config": cfg.to_json(),
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "state": state,
        }
        torch.save(checkpoint, ckpt_dir / "last.tmp")
        (ckpt_dir / "last.tmp").replace(last)

    model.load_state_dict(torch.load(ckpt_dir / "best_weights.pt", map_location="cpu"))
    val_scores = predict_probabilities(model, val_x)
    threshold = choose_threshold(val_scores, val_set.labels, cfg.recall_target)
    metrics = binary_metrics(val_set.labels, val_scores, threshold)
    summary = {
        "command": command,
        "config": cfg.to_json(),
        "best_epoch": state["best_epoch"] + 1,
        "epochs_run": state["epoch"],
        "threshold": threshold,
        "validation": metrics,
        "history": state["history"],
        "train_images": len(train_set),
        "val_images": len(val_set),
        "validation_warning": small_split,
        "initial_weights": initial_weights(cfg),
    }
    torch.save(
        {
            "architecture": cfg.architecture,
            "image_size": cfg.image_size,
            "state_dict": model.state_dict(),
            "summary": summary,
        },
        cfg.out / "classifier.pt",
    )
    (cfg.out / "training.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary
