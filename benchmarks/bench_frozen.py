"""The packaged station (PyInstaller, dist/station/) against the same commands run from source.

Measures, in one run:
  size:       bytes of every file in the bundle (links not followed);           promise <= 350 MB
  cold start: a fresh process to its first verdict on the demo, for `inspect --frames 1` and for the
              desktop app (offscreen, `--quit-after 1`), both timed to the process' exit, so an upper
              bound. "cold": the bundle's files are first evicted from the page cache (posix_fadvise
              DONTNEED on each, Linux; nothing else on the machine is touched), as after a reboot;
              "warm": the median of the runs after it;                               promise cold <= 5 s
  throughput: `station inspect --source demo?loop=1 --frames N`, frozen and from source, in alternating
              rounds; parts/s as the command itself reports it;                      promise frozen >= 0.95 x source

    uv run --group package python benchmarks/bench_frozen.py [--build] [--dist dist/station] [--rounds 5] [--frames 300]

--build runs `pyinstaller station.spec` first and reports how long it took. Prints one JSON line; exits
non-zero when a promise is broken (2 when there is no bundle to measure).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAX_MB = 350.0
MAX_START_S = 5.0
MIN_RATIO = 0.95


def check_bundle(folder: Path) -> dict[str, Any]:
    """packaging/check_bundle.py's report: size, and training-only packages found in files or archive."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "check_bundle.py"), str(folder)], capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"check_bundle failed (PyInstaller is in the `package` group): {done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def evict(folder: Path) -> bool:
    """Drop the bundle's files from the page cache, so the next start reads them from disk."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def run_json(command: list[str], env: dict[str, str]) -> tuple[dict[str, Any], float]:
    """Run a station command; its last stdout line is the JSON summary. Returns it and the wall time."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), elapsed


def cold_start_app(station: list[str], env: dict[str, str], recipe: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "first.png"
        started = time.perf_counter()
        done = subprocess.run(
            [*station, "--recipe", recipe, "--source", "demo", "--quit-after", "1", "--screenshot", str(shot)],
            capture_output=True,
            text=True,
            env={**env, "QT_QPA_PLATFORM": "offscreen"},
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0 or not shot.is_file():
            raise SystemExit(f"the app did not show a first verdict ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "station", help="the one-folder bundle")
    parser.add_argument("--build", action="store_true", help="build the bundle with station.spec first")
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds of each kind, alternating")
    parser.add_argument("--frames", type=int, default=300, help="parts per throughput round")
    parser.add_argument("--starts", type=int, default=3, help="warm starts of each kind, after the cold one")
    args = parser.parse_args()

    report: dict[str, Any] = {"recipe": args.recipe}
    if args.build:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(args.dist.parent), "station.spec"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        report["build_s"] = round(time.perf_counter() - started, 1)
    frozen = args.dist / "station"
    if not frozen.is_file():
        print(f"no bundle at {args.dist}: build it with `uv run pyinstaller station.spec` or pass --build")
        return 2
    # Both sides get the same environment; the history goes to a scratch folder, not the user's.
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "STATION_DATA": data}
        env.pop("STATION_MODELS", None)
        source = [sys.executable, "-m", "station.cli"]

        bundle = check_bundle(args.dist)
        report["bundle_mb"] = bundle["mb"]
        report["bundle_mib"] = bundle["mib"]
        report["training_packages_in_bundle"] = bundle["forbidden_found"]

        inspect_one = ["inspect", "--recipe", args.recipe, "--source", "demo", "--frames", "1"]
        report["page_cache_evicted"] = evict(args.dist)
        inspect_cold = run_json([str(frozen), *inspect_one], env)[1]
        inspect_warm = [run_json([str(frozen), *inspect_one], env)[1] for _ in range(args.starts)]
        evict(args.dist)
        app_cold = cold_start_app([str(frozen)], env, args.recipe)
        app_warm = [cold_start_app([str(frozen)], env, args.recipe) for _ in range(args.starts)]
        source_warm = [run_json([*source, *inspect_one], env)[1] for _ in range(args.starts)]
        report["start_to_first_verdict_s"] = {
            "inspect_frozen_cold": round(inspect_cold, 2),
            "inspect_frozen_warm": round(statistics.median(inspect_warm), 2),
            "app_frozen_cold": round(app_cold, 2),
            "app_frozen_warm": round(statistics.median(app_warm), 2),
            "inspect_source_warm": round(statistics.median(source_warm), 2),
        }

        loop = ["inspect", "--recipe", args.recipe, "--source", "demo?loop=1", "--frames", str(args.frames)]
        frozen_pps: list[float] = []
        source_pps: list[float] = []
        for i in range(args.rounds):
            # Alternate which goes first, so a slow spell on the machine hits both alike.
            order = [(frozen_pps, [str(frozen)]), (source_pps, source)]
            for sink, command in order if i % 2 == 0 else order[::-1]:
                summary, _ = run_json([*command, *loop], env)
                if summary["parts"] != args.frames or summary["errors"]:
                    raise SystemExit(f"unexpected summary: {summary}")
                sink.append(float(summary["parts_per_s"]))
    ratios = [f / s for f, s in zip(frozen_pps, source_pps, strict=True)]
    report.update(
        {
            "frames": args.frames,
            "rounds": args.rounds,
            "frozen_pps": [round(v, 2) for v in frozen_pps],
            "source_pps": [round(v, 2) for v in source_pps],
            "ratio": round(statistics.median(ratios), 4),
        }
    )
    starts = report["start_to_first_verdict_s"]
    report["ok"] = {
        "size": report["bundle_mb"] <= MAX_MB,
        "torch_free": not report["training_packages_in_bundle"],
        "start": max(starts["inspect_frozen_cold"], starts["app_frozen_cold"]) <= MAX_START_S,
        "throughput": report["ratio"] >= MIN_RATIO,
    }
    print(json.dumps(report))
    return 0 if all(report["ok"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
