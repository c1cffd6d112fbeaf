#!/usr/bin/env bash
# Build the packaged station (station.spec -> dist/station/) and smoke-test the built binary:
#   - no torch, torchvision, ultralytics, grad-cam or station.training in the bundle (files and archive);
#   - `station inspect` on the demo source, `station cameras`, and `station history` when it exists;
#   - GigE Vision against Aravis' fake camera when the bundle has Aravis and the fake camera is installed,
#     otherwise the clear "unavailable in this build" message;
#   - the desktop app under the offscreen platform with --quit-after and --screenshot;
# then print the bundle's size. The binary runs from a scratch folder with a bare environment, so it
# cannot lean on the repository, the virtual environment or the developer's settings.
#
#     bash packaging/smoke.sh            # build, then test
#     SMOKE_BUILD=0 bash packaging/smoke.sh   # test an existing dist/station
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIST="$ROOT/dist/station"
BIN="$DIST/station"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'smoke: FAILED: %s\n' "$*" >&2; exit 1; }

if [ "${SMOKE_BUILD:-1}" != "0" ]; then
    step "build: pyinstaller station.spec"
    started=$(date +%s)
    nice -n 10 uv run --locked --group package pyinstaller --noconfirm --log-level WARN station.spec
    echo "build took $(( $(date +%s) - started )) s"
fi
[ -x "$BIN" ] || fail "no executable at $BIN"

step "bundle: size and training-only packages"
BUNDLE_JSON=$(uv run --locked --group package python packaging/check_bundle.py "$DIST") \
    || fail "training-only packages in the bundle: $BUNDLE_JSON"
echo "$BUNDLE_JSON"

SCRATCH=$(mktemp -d)
FAKE_PID=""
cleanup() {
    if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
mkdir -p "$SCRATCH/home" "$SCRATCH/data"
# A bare environment: no virtual environment, no PYTHONPATH, a fresh home and history.
run() {
    (cd "$SCRATCH" && env -i PATH=/usr/bin:/bin HOME="$SCRATCH/home" LANG=C.UTF-8 \
        STATION_DATA="$SCRATCH/data" QT_QPA_PLATFORM=offscreen "$BIN" "$@")
}
# The last line of a command's output must be a JSON object; print the field asked for.
field() { uv run --locked python -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])[sys.argv[1]])' "$1"; }

step "inspect on the demo"
started=$(date +%s%N)
OUT=$(run inspect --recipe casting --source demo --frames 50 2>"$SCRATCH/inspect.err") \
    || { cat "$SCRATCH/inspect.err" >&2; fail "station inspect exited non-zero"; }
echo "$OUT"
echo "wall $(( ($(date +%s%N) - started) / 1000000 )) ms (start, model load, 36 demo parts, exit)"
[ "$(echo "$OUT" | field inspected)" -gt 0 ] || fail "inspect inspected nothing"
[ "$(echo "$OUT" | field errors)" -eq 0 ] || fail "inspect reported errors"

step "cameras"
run cameras >"$SCRATCH/cameras.out" 2>"$SCRATCH/cameras.err" || { cat "$SCRATCH/cameras.err" >&2; fail "station cameras exited non-zero"; }
cat "$SCRATCH/cameras.out" "$SCRATCH/cameras.err"

if [ -f "$DIST/_internal/gi_typelibs/Aravis-0.8.typelib" ]; then
    if command -v arv-fake-gv-camera-0.8 >/dev/null 2>&1 && command -v arv-tool-0.8 >/dev/null 2>&1; then
        step "GigE Vision: inspect from Aravis' fake camera"
        arv-fake-gv-camera-0.8 -i 127.0.0.1 >/dev/null 2>&1 &
        FAKE_PID=$!
        for _ in $(seq 50); do
            arv-tool-0.8 -a 127.0.0.1 control DeviceID 2>/dev/null | grep -q DeviceID && break  # exits 0 either way
            sleep 0.2
        done
        OUT=$(run inspect --recipe casting --source "gige:127.0.0.1?format=Mono8&fps=20" --frames 5 2>"$SCRATCH/gige.err") \
            || { cat "$SCRATCH/gige.err" >&2; fail "GigE inspect exited non-zero"; }
        echo "$OUT"
        [ "$(echo "$OUT" | field inspected)" -eq 5 ] || fail "GigE: expected 5 parts"
        kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=""
    else
        echo "GigE Vision bundled; fake camera not installed here, GigE capture not exercised"
    fi
else
    step "GigE Vision left out of this build: the app must say so"
    grep -q "GigE Vision is unavailable in this build" "$SCRATCH/cameras.err" || fail "no clear GigE message"
fi

COMMANDS=$(run --help)
if grep -qE '^ +history ' <<<"$COMMANDS"; then
    step "history"
    run history stats || fail "station history stats exited non-zero"
fi
if grep -qE '^ +report ' <<<"$COMMANDS"; then
    step "report"
    run report --help >/dev/null || fail "station report --help exited non-zero"
fi

step "desktop app, offscreen, 20 parts, screenshot"
run --quit-after 20 --screenshot "$SCRATCH/shot.png" 2>"$SCRATCH/app.err" \
    || { cat "$SCRATCH/app.err" >&2; fail "the app exited non-zero"; }
[ -s "$SCRATCH/shot.png" ] || fail "no screenshot (or an empty one)"
head -c 8 "$SCRATCH/shot.png" | od -An -c | grep -q 'P   N   G' || fail "the screenshot is not a PNG"
echo "screenshot $(stat -c %s "$SCRATCH/shot.png") bytes"

step "desktop app in Korean and Russian (station.yaml language:), the catalogues found in the bundle"
for lang in ko ru; do
    printf 'language: %s\n' "$lang" >"$SCRATCH/$lang.yaml"
    run --config "$SCRATCH/$lang.yaml" --quit-after 3 --screenshot "$SCRATCH/shot-$lang.png" 2>"$SCRATCH/app-$lang.err" \
        || { cat "$SCRATCH/app-$lang.err" >&2; fail "the app in $lang exited non-zero"; }
    grep -rqs "language $lang: station_$lang.qm and qtbase_$lang.qm" "$SCRATCH/home" \
        || fail "the $lang catalogues were not loaded from the bundle"
    echo "$lang: catalogues loaded, screenshot $(stat -c %s "$SCRATCH/shot-$lang.png") bytes"
done

step "done"
echo "bundle: $(echo "$BUNDLE_JSON" | field mb) MB ($(echo "$BUNDLE_JSON" | field mib) MiB, $(echo "$BUNDLE_JSON" | field files) files) in dist/station"
echo "smoke: OK"
