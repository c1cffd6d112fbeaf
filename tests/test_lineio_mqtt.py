"""A real Mosquitto broker on a free loopback port, stopped and restarted mid-run: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from station.core.lineio_settings import LineIoSettings
from station.core.types import Verdict
from station.lineio import LineIo
from tests.lineio_helpers import frame, free_port, inspection, wait_for

MOSQUITTO = shutil.which("mosquitto") or next(
    (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if Path(p).is_file()), None
)
pytestmark = pytest.mark.skipif(
    MOSQUITTO is None, reason="the mosquitto broker is not installed (apt install mosquitto)"
)


class Broker:
    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.conf = folder / "mosquitto.conf"
        self.conf.write_text(
            f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {folder}/\n",
            encoding="utf-8",
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert MOSQUITTO is not None
        self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)], stderr=subprocess.DEVNULL)
        wait_for(self._up, what="mosquitto listening")

    def _up(self) -> bool:
        import socket

        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(5)
            self.proc = None


class Listener:
    """SCADA's side: subscribes with a persistent session so it misses nothing while the broker restarts."""

    def __init__(self, port: int) -> None:
        self.messages: list[dict[str, object]] = []
        self.states: list[str] = []
        self.lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="scada", clean_session=False)
        self.client.reconnect_delay_set(0.1, 1)
        self.client.on_message = self._on_message
        self.client.on_connect = lambda c, u, f, r, p: c.subscribe("inspection/#", qos=1)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()

    def _on_message(self, client: object, userdata: object, msg: mqtt.MQTTMessage) -> None:
        with self.lock:
            if msg.topic.endswith("/result"):
                self.messages.append(json.loads(msg.payload))
            else:
                self.states.append(msg.payload.decode())

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    b = Broker(free_port(), tmp_path)
    b.start()
    yield b
    b.stop()


def test_results_survive_a_broker_restart_in_order_without_doubles(broker: Broker, tmp_path: Path) -> None:
    queue_dir = tmp_path / "queue"
    settings = LineIoSettings(
        mqtt={"host": "127.0.0.1", "port": broker.port, "topic_prefix": "inspection", "queue_dir": str(queue_dir),
              "keepalive_s": 2},
    )  # fmt: skip
    line = LineIo(settings, "st-7", host=None, data_dir=tmp_path)  # type: ignore[arg-type]
    line.start()
    line.on_state("running", "casting", "folder://parts", {"inspected": 0})
    scada = Listener(broker.port)
    try:
        wait_for(lambda: line.status()["interfaces"]["mqtt"]["connected"], what="station connected")
        wait_for(lambda: any('"running"' in s for s in scada.states), what="retained state")

        def send(n: int) -> None:
            line.write(inspection(n, Verdict.NG if n % 4 == 0 else Verdict.OK), frame(n))

        for n in range(20):
            send(n)
        wait_for(lambda: len(scada.messages) >= 20, what="first 20 results")
        broker.stop()
        wait_for(lambda: not line.status()["interfaces"]["mqtt"]["connected"], what="outage seen")
        for n in range(20, 50):  # the broker is away: these wait on disk
            send(n)
        wait_for(lambda: line.counters()["results_sent"] == 50, what="results resolved")
        wait_for(lambda: len(list(queue_dir.glob("*.json"))) == 30, what="30 files queued")
        broker.start()
        wait_for(lambda: not list(queue_dir.glob("*.json")), timeout=15, what="queue sent")
        wait_for(lambda: len(scada.messages) >= 50, timeout=10, what="queued results delivered")
        time.sleep(0.3)
        with scada.lock:
            ids = [m["part_id"] for m in scada.messages]
            uniq = {m["message_id"] for m in scada.messages}
        assert ids == list(range(1, 51))  # every part once, in order
        assert len(uniq) == 50
        first = scada.messages[0]
        assert first["verdict"] == "reject" and first["recipe"] == "casting" and first["detections"]
        assert {"timings_ms", "model_hashes", "score", "time"} <= set(first)
        assert line.counters()["outages"] == 1
    finally:
        line.close()
    wait_for(lambda: scada.states and scada.states[-1] == "offline", what="offline state on close")
    scada.close()


def test_the_broker_announces_offline_when_the_station_dies(broker: Broker, tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from station.core.lineio_settings import LineIoSettings\n"
        "from station.lineio import LineIo\n"
        f"s = LineIoSettings(mqtt={{'host': '127.0.0.1', 'port': {broker.port}, 'keepalive_s': 2,"
        f" 'queue_dir': {str(tmp_path / 'q')!r}}})\n"
        "line = LineIo(s, 'st-9', None)\n"
        "line.start(); line.on_state('running', 'casting', 'demo', {})\n"
        "time.sleep(30)\n"
    )
    import sys

    proc = subprocess.Popen([sys.executable, "-c", script])
    scada = Listener(broker.port)
    try:
        wait_for(lambda: any('"running"' in s for s in scada.states), timeout=20, what="state running")
        proc.kill()  # no clean goodbye: the broker must send the last will
        wait_for(lambda: scada.states[-1] == "offline", timeout=10, what="last will")
    finally:
        proc.kill()
        scada.close()
