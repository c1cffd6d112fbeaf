"""Which input size, stride-16 layer and coreset size an anomaly model can afford: accuracy and graph time.

For each variant it builds the memory bank from the good parts as ``station train anomaly`` does
(same held-out split, coreset and threshold rule, seed fixed), scores a labelled test folder with
the torch model, exports the graph as the station would (pads folded, one Gemm) and times it in
ONNX Runtime, interleaved with a reference ONNX file (the shipped model, say) so that the ratio
holds on a shared machine:

    uv run python benchmarks/anomaly_variants.py --train ../shared/data/bottle/train/good \\
        --test ../shared/data/bottle/test --sizes 256,224 --blocks 10 --coresets 0.01,0.005 \\
        --reference models/bottle/anomaly.onnx

Prints one JSON line per variant: AUROC, recall and accuracy at the held-out threshold, the lowest
defect and highest good score as multiples of the threshold, and the graph's median time vs the reference.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch

from station.training.anomaly import (
    PatchCore,
    PatchFeatures,
    greedy_coreset,
    list_images,
    load_images,
    patch_features,
    raw_scores,
    split_holdout,
)
from station.training.efficientnet_lite import efficientnet_lite0
from station.training.evaluate import list_labelled_anomaly_data
from station.training.metrics import binary_metrics
from station.training.onnxfold import fold_pads_into_convs


def export_for_timing(model: PatchCore, size: int, out: Path) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (torch.zeros(1, 3, size, size),),
            str(out),
            input_names=["input"],
            output_names=["anomaly_map", "score"],
            opset_version=17,
            dynamo=False,
        )
    graph = onnx.load(str(out))
    fold_pads_into_convs(graph)
    onnx.save(graph, str(out))
    return out


def time_graphs(paths: list[Path], threads: int, rounds: int = 15, runs: int = 6) -> tuple[list[float], list[float]]:
    """Median ms per run of each graph, and the median of each round's ratio to the first (the reference)."""
    import onnxruntime as ort

    sessions = []
    for path in paths:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        size = session.get_inputs()[0].shape[2]
        x = np.random.default_rng(0).random((1, 3, size, size), dtype=np.float32)
        feed = {session.get_inputs()[0].name: x}
        session.run(None, feed)
        sessions.append((session, feed))
    ms = np.zeros((len(paths), rounds))
    for r in range(rounds):
        for i, (session, feed) in enumerate(sessions):
            start = time.perf_counter()
            for _ in range(runs):
                session.run(None, feed)
            ms[i, r] = (time.perf_counter() - start) * 1e3 / runs
    return [float(np.median(row)) for row in ms], [float(np.median(row / ms[0])) for row in ms]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True, help="folder of good parts")
    parser.add_argument("--test", type=Path, required=True, help="labelled test folder (MVTec layout or ok/defect)")
    parser.add_argument("--sizes", default="256,224")
    parser.add_argument("--blocks", default="10", help="stride-16 blocks to try (5-10)")
    parser.add_argument("--coresets", default="0.01,0.005")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--margin", type=float, default=1.1)
    parser.add_argument("--reference", type=Path, default=None, help="an ONNX graph to time each variant against")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    test_paths, labels, _ = list_labelled_anomaly_data(args.test)
    labels = np.asarray(labels, int)
    tmp = Path(tempfile.mkdtemp(prefix="anomaly-variants-"))
    for size in (int(v) for v in args.sizes.split(",")):
        images, _, _ = load_images(list_images(args.train), size, "decode")
        tests, _, _ = load_images(test_paths, size, "test")
        bank_idx, hold_idx = split_holdout(len(images), args.holdout, args.seed)
        for block in (int(v) for v in args.blocks.split(",")):
            features = PatchFeatures(efficientnet_lite0(pretrained=True), block).eval()
            patches = patch_features(features, images[bank_idx], 8, "features")
            for share in (float(v) for v in args.coresets.split(",")):
                rows = greedy_coreset(patches, max(1, round(share * len(patches))), args.seed)
                model = PatchCore(features, patches[rows].clone()).eval()
                held, _ = raw_scores(model, images[hold_idx])
                threshold = float(held.max() * args.margin)
                scores, _ = raw_scores(model, tests)
                metrics = binary_metrics(labels, scores, threshold)
                row: dict[str, Any] = {
                    "size": size,
                    "stride16_block": block,
                    "coreset": share,
                    "bank_rows": len(rows),
                    "channels": int(patches.shape[1]),
                    "auroc": round(float(metrics["roc_auc"]), 4),
                    "recall": round(float(metrics["recall"]), 4),
                    "accuracy": round(float(metrics["accuracy"]), 4),
                    "defect_min_over_threshold": round(float(scores[labels == 1].min() / threshold), 3),
                    "good_max_over_threshold": round(float(scores[labels == 0].max() / threshold), 3),
                }
                if args.reference is not None:
                    graph = export_for_timing(model, size, tmp / f"v{size}_{block}_{share}.onnx")
                    (ref_ms, ms), (_, ratio) = time_graphs([args.reference, graph], args.threads)
                    row |= {"graph_ms": round(ms, 2), "reference_ms": round(ref_ms, 2), "ratio": round(ratio, 3)}
                print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
