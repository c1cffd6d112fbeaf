"""Line interfaces on loopback: trigger-to-ResultValid beyond inspection, and verdicts on the right part.

1. Modbus TCP: a pymodbus client plays the PLC at ``--rate`` triggers/s; a stand-in
   inspection of fixed duration (``--inspect-ms``) on one worker thread, as the
   pipeline has. Overhead = trigger-to-ResultValid minus the stand-in's measured
   duration (both on one perf_counter). Promise p50 <= 5 ms, p99 <= 20 ms.
2. OPC UA: the same through the Trigger method and the ResultReady event
   (publishing interval 0 requested: asyncua then publishes each notification at once).
3. ``--parts`` triggers over Modbus as fast as TriggerReady allows, random
   inspection times (some past the deadline), random PLC ack delays; each
   picture's verdict is a hash of its number, so a verdict attached to the wrong
   part id shows up as a mismatch. Promise: zero mismatches.
4. Throughput: the recipe's real cascade (``--recipe``, casting by default) on its
   demo pictures with every interface on (free-running: each part goes out over
   Modbus, OPC UA and MQTT to a local Mosquitto) vs none, in alternating rounds
   of one run; ratio of the medians. Promise >= 0.95 x.

Prints one JSON line; exits 1 when a promise is broken.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import socket
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Any

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one BLAS thread, like one inspection thread: no spinning helpers

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from station.core.lineio_settings import LineIoSettings  # noqa: E402
from station.core.types import Frame, Inspection, Verdict  # noqa: E402
from station.lineio import LineIo  # noqa: E402
from station.lineio import registers as R  # noqa: E402

IMAGE = np.zeros((4, 4, 3), np.uint8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def verdict_of(n: int) -> Verdict:
    return Verdict.NG if zlib.crc32(n.to_bytes(4, "big")) % 2 else Verdict.OK


class StandIn:
    """LineHost with a one-thread 'pipeline': each trigger takes a picture and inspects it for a set time."""

    def __init__(self, inspect_s: float | None, late_every: int = 0) -> None:
        self.inspect_s = inspect_s
        self.late_every = late_every
        self.sink: Any = None
        self.n = 0
        self.durations: dict[int, float] = {}
        self._q: queue.SimpleQueue[tuple[int, float] | None] = queue.SimpleQueue()
        threading.Thread(target=self._work, daemon=True).start()

    def fire_trigger(self) -> bool:
        n, self.n = self.n, self.n + 1
        self._q.put((n, time.time()))
        return True

    def _work(self) -> None:
        rng = random.Random(7)
        while (job := self._q.get()) is not None:
            n, captured = job
            t0 = time.perf_counter()
            if self.inspect_s is not None:
                time.sleep(self.inspect_s)  # releases the GIL as ONNX Runtime does; its real length is measured
            else:
                late = self.late_every and n % self.late_every == self.late_every - 1
                time.sleep(0.4 if late else rng.uniform(0.0005, 0.006))
            v = verdict_of(n)
            ins = Inspection("cam", n, captured, v, defect_score=0.9 if v is Verdict.NG else 0.1)
            self.durations[n] = time.perf_counter() - t0
            self.sink.write(ins, Frame("cam", n, IMAGE, captured))

    def close(self) -> None:
        self._q.put(None)

    # the rest of LineHost
    def start_run(self) -> None: ...
    def stop_run(self) -> None: ...
    def select_recipe(self, name: str) -> None: ...
    def recipes(self) -> list[str]:
        return ["casting"]

    def current_recipe(self) -> str:
        return "casting"

    def authenticate(self, user: str, pin: str) -> str | None:
        return None


def start(settings: LineIoSettings, host: StandIn) -> LineIo:
    line = LineIo(settings, "bench", host)  # type: ignore[arg-type]
    host.sink = line
    line.start()
    assert line.wait_ready(180), "line interfaces did not come up"
    line.on_state("running", "casting", "bench", {})
    return line


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def bench_modbus(triggers: int, rate: float, inspect_ms: float) -> dict[str, Any]:
    from pymodbus.client import ModbusTcpClient

    port = free_port()
    host = StandIn(inspect_ms / 1000.0)
    line = start(LineIoSettings(deadline_ms=1000, modbus_server={"listen": f"127.0.0.1:{port}"}), host)
    plc = ModbusTcpClient("127.0.0.1", port=port)
    plc.connect()
    over: list[float] = []
    period = 1.0 / rate
    try:
        next_t = time.perf_counter()
        for k in range(triggers):
            while time.perf_counter() < next_t:
                time.sleep(0.0005)
            next_t += period
            pid = 1000 + k
            t0 = time.perf_counter()
            plc.write_registers(0, [R.CTRL_TRIGGER, pid >> 16, pid & 0xFFFF], device_id=1)
            while True:
                img = [0] * R.STATUS_START + plc.read_holding_registers(R.STATUS_START, count=R.STATUS_SIZE).registers
                if R.get(img, "status") & R.ST_RESULT_VALID and R.get(img, "result_part_id") == pid:
                    break
            t1 = time.perf_counter()
            over.append((t1 - t0 - host.durations[k]) * 1000.0)
            plc.write_register(0, R.CTRL_RESULT_ACK, device_id=1)
            plc.write_register(0, 0, device_id=1)
    finally:
        plc.close()
        line.close()
        host.close()
    return {"triggers": triggers, "p50_ms": round(pct(over, 50), 3), "p99_ms": round(pct(over, 99), 3)}


OPCUA_CLIENT = """
import asyncio, json, sys, time
from asyncua import Client, ua

endpoint, triggers, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
arrived = {}
waiting = {}


class Handler:
    def event_notification(self, event):
        pid = str(event.PartId)
        arrived[pid] = time.perf_counter()
        fut = waiting.pop(pid, None)
        if fut is not None and not fut.done():
            fut.set_result(None)


async def run():
    rows = []
    loop = asyncio.get_running_loop()
    async with Client(endpoint) as client:
        mv = await client.get_namespace_index("http://opcfoundation.org/UA/MachineVision")
        own = await client.get_namespace_index("urn:inspection-station:line")
        vision = await client.nodes.objects.get_child(f"{own}:VisionSystem_bench")
        line_obj = await vision.get_child(f"{own}:Line")
        trigger = await line_obj.get_child(f"{own}:Trigger")
        sub = await client.create_subscription(0, Handler())  # 0: the server publishes each notification at once
        await sub.subscribe_events(vision, client.get_node(ua.NodeId(1024, mv)))
        next_t = time.perf_counter()
        for k in range(triggers):
            await asyncio.sleep(max(0.0, next_t - time.perf_counter()))  # a SCADA client waits, it does not spin
            next_t += 1.0 / rate
            pid = 5000 + k
            fut = loop.create_future()
            waiting[str(pid)] = fut
            t0 = time.perf_counter()
            await line_obj.call_method(trigger, ua.Variant(pid, ua.VariantType.UInt32))
            t_call = time.perf_counter()
            if str(pid) not in arrived:
                await asyncio.wait_for(fut, 5.0)
            rows.append((t0, t_call, arrived[str(pid)]))
    print(json.dumps(rows))


asyncio.run(run())
"""


def bench_opcua(triggers: int, rate: float, inspect_ms: float) -> dict[str, Any]:
    """The OPC UA client runs in its own process, as a SCADA client would (perf_counter is system-wide)."""
    import subprocess

    port = free_port()
    host = StandIn(inspect_ms / 1000.0)
    endpoint = f"opc.tcp://127.0.0.1:{port}"
    t_load = time.perf_counter()
    line = start(LineIoSettings(trigger="line", opcua={"endpoint": endpoint, "security": ["none"]}), host)
    load_s = time.perf_counter() - t_load
    try:
        proc = subprocess.run([sys.executable, "-c", OPCUA_CLIENT, endpoint, str(triggers), str(rate)],
                              capture_output=True, text=True, timeout=600, check=True)  # fmt: skip
        rows = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        line.close()
        host.close()
    over = [(t2 - t0 - host.durations[k]) * 1000.0 for k, (t0, _, t2) in enumerate(rows)]
    calls = [(t1 - t0) * 1000.0 for t0, t1, _ in rows]
    return {"triggers": triggers, "p50_ms": round(pct(over, 50), 3), "p99_ms": round(pct(over, 99), 3),
            "trigger_call_p50_ms": round(pct(calls, 50), 3), "start_with_nodeset_s": round(load_s, 2)}  # fmt: skip


def stress_modbus(parts: int, seed: int) -> dict[str, Any]:
    from pymodbus.client import ModbusTcpClient

    port = free_port()
    host = StandIn(None, late_every=97)
    line = start(LineIoSettings(deadline_ms=300, modbus_server={"listen": f"127.0.0.1:{port}"}), host)
    plc = ModbusTcpClient("127.0.0.1", port=port)
    plc.connect()
    rng = random.Random(seed)
    sent: dict[int, int] = {}  # part id -> picture number (k-th trigger takes the k-th picture)
    got: dict[int, tuple[int, int]] = {}
    control, ack_at, k = 0, None, 0
    started = time.perf_counter()
    try:
        while len(got) + line.handshake.counters.overflows < parts and time.perf_counter() - started < 600:
            img = [0] * R.STATUS_START + plc.read_holding_registers(R.STATUS_START, count=R.STATUS_SIZE).registers
            st = R.get(img, "status")
            new = control
            if control & R.CTRL_TRIGGER and st & R.ST_TRIGGER_ACK:
                new &= ~R.CTRL_TRIGGER
            if st & R.ST_RESULT_VALID and not control & R.CTRL_RESULT_ACK:
                if ack_at is None:
                    pid = R.get(img, "result_part_id")
                    got.setdefault(pid, (R.get(img, "verdict"), R.get(img, "result_code")))
                    ack_at = time.perf_counter() + rng.choice([0.0, 0.0, 0.001, 0.003, 0.01])
                if time.perf_counter() >= ack_at:
                    new |= R.CTRL_RESULT_ACK
                    ack_at = None
            elif control & R.CTRL_RESULT_ACK and not st & R.ST_RESULT_VALID:
                new &= ~R.CTRL_RESULT_ACK
            if k < parts and st & R.ST_TRIGGER_READY and not control & R.CTRL_TRIGGER:
                pid = rng.randrange(1, 2**32 - 1)
                while pid in sent:
                    pid = rng.randrange(1, 2**32 - 1)
                sent[pid] = k
                k += 1
                new |= R.CTRL_TRIGGER
                plc.write_registers(0, [new, pid >> 16, pid & 0xFFFF], device_id=1)
                control = new
                continue
            if new != control:
                plc.write_register(0, new, device_id=1)
                control = new
    finally:
        elapsed = time.perf_counter() - started
        counters = line.counters()
        plc.close()
        line.close()
        host.close()
    wrong = 0
    real = failsafe = 0
    for pid, (verdict, code) in got.items():
        if code in (1, 2):
            real += 1
            expect = 2 if verdict_of(sent[pid]) is Verdict.NG else 1
            wrong += int(verdict != expect or code != expect)
        else:
            failsafe += 1
            wrong += int(verdict != 2)  # fail-safe is reject
    unknown = len(set(got) - set(sent))
    return {"parts": parts, "results": len(got), "real": real, "fail_safe": failsafe, "wrong_part": wrong,
            "unknown_ids": unknown, "seconds": round(elapsed, 1), "counters": counters}  # fmt: skip


def recipe_inspector(recipe: str) -> Any:
    """``inspect(n) -> Inspection``: the recipe's real cascade on its demo pictures, one after the other."""
    import cv2

    from station.core.config import StationConfig
    from station.core.paths import resources_dir
    from station.session.run import load_cascade

    cascade = load_cascade(StationConfig(), recipe, use_history=False)  # warmed up
    images = [cv2.imread(str(p)) for p in sorted((resources_dir() / "demo" / recipe).glob("*.*"))]
    images = [im for im in images if im is not None]
    assert images, f"no demo pictures for {recipe}"

    def inspect(n: int) -> Inspection:
        return cascade.inspect(Frame("cam", n, images[n % len(images)], time.time()))

    return inspect


def standin_inspector() -> Any:
    rng = np.random.default_rng(0)
    a = rng.random((160, 160), dtype=np.float32)

    def inspect(n: int) -> Inspection:
        b = a
        for _ in range(6):
            b = np.tanh(b @ a)  # about the work of a small model, GIL released inside numpy
        return Inspection("cam", n, time.time(), Verdict.OK, defect_score=float(b[0, 0]) % 1.0)

    return inspect


def throughput(parts: int, rounds: int, recipe: str | None) -> dict[str, Any]:
    """Inspections/s with every interface on (free-running: each part goes out over Modbus, OPC UA and MQTT)
    vs none, in alternating rounds of one run (none, all, none, all ...) on one inspector; ratio of medians."""
    import shutil
    import subprocess
    import tempfile

    inspect = recipe_inspector(recipe) if recipe else standin_inspector()
    tmp = Path(tempfile.mkdtemp())
    broker = None
    mosquitto = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").is_file() else None)
    mqtt_port = free_port()
    if mosquitto:
        broker = subprocess.Popen([mosquitto, "-p", str(mqtt_port)], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    settings = LineIoSettings(
        trigger="free",
        modbus_server={"listen": f"127.0.0.1:{free_port()}"},
        opcua={"endpoint": f"opc.tcp://127.0.0.1:{free_port()}", "security": ["none"]},
        mqtt={"host": "127.0.0.1", "port": mqtt_port, "queue_dir": str(tmp / "q")} if broker else None,
    )
    host = StandIn(0.0)
    line = start(settings, host)

    cpu: dict[str, list[float]] = {"none": [], "all": []}

    def run(sink: LineIo | None) -> float:
        t0, c0 = time.perf_counter(), time.process_time()  # process CPU: every thread, the peers' included
        for n in range(parts):
            ins = inspect(n)
            if sink is not None:
                sink.write(ins, Frame("cam", n, IMAGE, ins.timestamp))
        cpu["all" if sink is not None else "none"].append((time.process_time() - c0) / parts * 1000.0)
        return parts / (time.perf_counter() - t0)

    with_io: list[float] = []
    without: list[float] = []
    try:
        run(None)
        cpu["none"].clear()
        for _ in range(rounds):
            without.append(run(None))
            with_io.append(run(line))
        time.sleep(1.0)
        sent = {p.status.name: p.status.sent for p in line.peers}
    finally:
        line.close()
        host.close()
        if broker is not None:
            broker.terminate()
    ratio = float(np.median(with_io) / np.median(without))
    return {"inspector": recipe or "numpy stand-in", "parts_per_round": parts, "rounds": rounds,
            "mqtt": broker is not None, "sent": sent,
            "with_all_per_s": [round(v, 1) for v in with_io], "none_per_s": [round(v, 1) for v in without],
            "cpu_ms_per_part_none": round(float(np.median(cpu["none"])), 2),
            "cpu_ms_per_part_all": round(float(np.median(cpu["all"])), 2), "ratio": round(ratio, 3)}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triggers", type=int, default=400, help="latency triggers per interface")
    ap.add_argument("--rate", type=float, default=20.0)
    ap.add_argument("--inspect-ms", type=float, default=20.0)
    ap.add_argument("--parts", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--throughput-parts", type=int, default=100, help="parts per throughput round")
    ap.add_argument("--throughput-rounds", type=int, default=11, help="rounds of each (none / all on), alternating")
    ap.add_argument("--recipe", default="casting", help='recipe for the throughput rounds ("" = numpy stand-in)')
    ap.add_argument(
        "--only",
        choices=["modbus", "opcua", "stress", "throughput"],
        action="append",
        help="run only these parts (repeatable); the promises are then judged on what ran",
    )
    args = ap.parse_args()
    out: dict[str, Any] = {"rate_hz": args.rate, "inspect_ms": args.inspect_ms}
    only = set(args.only or ["modbus", "opcua", "stress", "throughput"])
    checks: list[bool] = []
    for name in ("modbus", "opcua"):
        if name in only:
            out[name] = (bench_modbus if name == "modbus" else bench_opcua)(args.triggers, args.rate, args.inspect_ms)
            checks.append(out[name]["p50_ms"] <= 5 and out[name]["p99_ms"] <= 20)
    if "stress" in only:
        st = out["stress"] = stress_modbus(args.parts, args.seed)
        checks.append(st["wrong_part"] == 0 and st["unknown_ids"] == 0
                      and st["results"] + st["counters"]["buffer_overflows"] == args.parts)  # fmt: skip
    if "throughput" in only:
        out["throughput"] = throughput(args.throughput_parts, args.throughput_rounds, args.recipe or None)
        checks.append(out["throughput"]["ratio"] >= 0.95)
    ok = all(checks)
    out["ok"] = ok
    print(json.dumps(out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
