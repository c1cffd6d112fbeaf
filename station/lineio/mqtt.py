"""MQTT: one JSON message per part, and the station's retained state with a last will.

Every result is first written to a file in the queue folder (unique name per
process, fsync'd), then handed to paho with QoS 1; the file is deleted when the
broker acknowledges it. While the broker is away paho holds what it was handed
and resends it on reconnection, in order; whatever it was not yet handed stays
on disk and is sent after, oldest first, also after a restart of the station.
Each message carries a ``message_id`` (stable across resends) and the part id,
so a consumer can drop the one duplicate QoS 1 allows when the broker dies
between storing a message and acknowledging it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import queue
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from station.core.lineio_settings import MqttSettings
from station.lineio.common import PeerContext, PeerStatus
from station.lineio.handshake import PartResult

log = logging.getLogger(__name__)

HANDED_LIMIT = 500  # messages handed to paho at once; the rest wait on disk
FRESH_LIMIT = 1000  # messages kept in memory as well as on disk, so handing them over needs no read


def result_payload(result: PartResult, station_id: str, recipe: str) -> dict[str, Any]:
    """The JSON of one part on ``{prefix}/{station}/result``."""
    ins = result.inspection
    return {
        "message_id": uuid.uuid4().hex,
        "station_id": station_id,
        "part_id": result.part_id,
        "time": dt.datetime.fromtimestamp(result.resolved_at, dt.UTC).isoformat(timespec="milliseconds"),
        "trigger_source": result.source,
        "recipe": recipe,
        "verdict": result.verdict,
        "result_code": result.code.name,
        "fail_safe": result.fail_safe,
        "inspection_verdict": None if ins is None else ins.verdict.value,
        "score": result.score,
        "detections": [] if ins is None else [d.to_json() for d in ins.detections],
        "timings_ms": {} if ins is None else {k: round(v, 3) for k, v in ins.timings_ms.items()},
        "model_hashes": {} if ins is None else dict(ins.model_hashes),
        "trigger_to_verdict_ms": None if result.latency_ms is None else round(result.latency_ms, 3),
        "error": None if ins is None else ins.error,
    }


class DiskQueue:
    """Messages as files named ``<time_ns>-<pid>-<seq>.json``: sorted names are sending order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._seq = 0
        self._lock = threading.Lock()
        self._fresh: dict[Path, tuple[str, str]] = {}  # written by this process, not yet handed: no re-read

    def put(self, topic: str, payload: str) -> Path:
        with self._lock:
            self._seq += 1
            name = f"{time.time_ns():020d}-{os.getpid()}-{self._seq:09d}.json"
        path = self.folder / name
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"topic": topic, "payload": payload}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        if hasattr(os, "O_DIRECTORY"):
            fd = os.open(self.folder, os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        with self._lock:
            if len(self._fresh) < FRESH_LIMIT:  # a broker away for hours: the rest is read back from disk
                self._fresh[path] = (topic, payload)
        return path

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.json"))

    def read(self, path: Path) -> tuple[str, str] | None:
        with self._lock:
            fresh = self._fresh.pop(path, None)
        if fresh is not None:
            return fresh
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return str(data["topic"]), str(data["payload"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.error("MQTT queue file %s unreadable (%s): moved aside", path.name, exc)
            path.rename(path.with_suffix(".bad"))
            return None


class MqttPeer:
    """paho-mqtt client on its own network thread, plus a writer thread that owns the disk queue."""

    def __init__(self, settings: MqttSettings, ctx: PeerContext, queue_dir: Path) -> None:
        self.settings = settings
        self.ctx = ctx
        self.status = PeerStatus("mqtt")
        sid = ctx.view.station_id
        self.result_topic = f"{settings.topic_prefix}/{sid}/result"
        self.state_topic = f"{settings.topic_prefix}/{sid}/state"
        self.queue = DiskQueue(queue_dir)
        self._jobs: queue.SimpleQueue[PartResult | None] = queue.SimpleQueue()
        self._handed: dict[int, Path] = {}  # paho mid -> file
        self._handed_paths: set[Path] = set()
        self._early: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: Any = None

    def start(self) -> None:
        import paho.mqtt.client as mqtt

        client = mqtt.Client(
            callback_api_version=mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"station-{self.ctx.view.station_id}-{uuid.uuid4().hex[:8]}",
            protocol=mqtt.MQTTv311,
        )
        if self.settings.username:
            client.username_pw_set(self.settings.username, self.settings.password)
        client.will_set(self.state_topic, "offline", qos=1, retain=True)
        client.reconnect_delay_set(min_delay=1, max_delay=5)
        client.max_inflight_messages_set(50)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        self._client = client
        client.connect_async(self.settings.host, self.settings.port, keepalive=self.settings.keepalive_s)
        client.loop_start()
        self._thread = threading.Thread(target=self._writer, name="line-mqtt-writer", daemon=True)
        self._thread.start()

    # --- paho callbacks (paho's network thread) -------------------------------------
    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            self.status.last_error = f"broker refused: {reason}"
            return
        self.status.connected = True
        self.status.last_error = ""
        self.publish_state()
        self._wake.set()

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if self.status.connected and not self._closing.is_set():
            self.status.outages += 1
            log.warning(
                "MQTT broker %s:%d went away (%s); results queue on disk",
                self.settings.host,
                self.settings.port,
                reason,
            )
        self.status.connected = False

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        with self._lock:  # never held while calling paho (paho calls this holding its own locks)
            path = self._handed.pop(mid, None)
            if path is None:
                self._early.add(mid)  # acknowledged before _hand_over registered it
                return
        self._done(path)

    def _done(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        with self._lock:  # only now: until the file is gone, _hand_over must not send it again
            self._handed_paths.discard(path)
        self.status.sent += 1
        self._wake.set()

    # --- station side ---------------------------------------------------------------
    def on_result(self, result: PartResult) -> None:
        """Listener: cheap, the writer thread does the disk and network work."""
        self._jobs.put(result)
        self._wake.set()

    def state_changed(self) -> None:
        self.publish_state()

    def publish_state(self) -> None:
        client, view = self._client, self.ctx.view
        if client is None:
            return
        payload = {
            "station_id": view.station_id,
            "state": view.state,
            "running": view.state == "running",
            "source": view.source,
            "recipe": view.recipe,
            "counters": dict(view.counters),
            "line": dataclasses.asdict(self.ctx.handshake.counters),
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        client.publish(self.state_topic, json.dumps(payload, default=str), qos=1, retain=True)

    def _writer(self) -> None:
        while not self._closing.is_set():
            self._wake.wait(0.5)
            self._wake.clear()
            while True:
                try:
                    item = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    return
                payload = result_payload(item, self.ctx.view.station_id, self.ctx.view.recipe)
                try:
                    self.queue.put(self.result_topic, json.dumps(payload))
                except OSError as exc:  # a full disk must not stop inspection: say so and go on
                    self.status.last_error = f"queue folder: {exc}"
                    log.error("MQTT result of part %d not queued: %s", item.part_id, exc)
            self._hand_over()

    def _hand_over(self) -> None:
        """Give paho the oldest files it does not hold yet, up to HANDED_LIMIT."""
        files = self.queue.files()
        self.status.queued = len(files)
        for path in files:
            with self._lock:
                if len(self._handed) >= HANDED_LIMIT:
                    return
                if path in self._handed_paths:
                    continue
            message = self.queue.read(path)
            if message is None:
                continue
            info = self._client.publish(message[0], message[1], qos=1)
            if info.rc not in (0, 4):  # 4: not connected; paho keeps it and sends it on reconnection
                self.status.last_error = f"publish refused (rc {info.rc})"
                return
            with self._lock:
                early = info.mid in self._early
                self._early.discard(info.mid)
                self._handed_paths.add(path)
                if not early:
                    self._handed[info.mid] = path
            if early:
                self._done(path)

    def close(self) -> None:
        if self._client is None:
            return
        deadline = time.monotonic() + 2.0
        while self.status.connected and (self.queue.files() or not self._jobs.empty()):
            if time.monotonic() > deadline:
                break
            self._wake.set()
            time.sleep(0.02)
        self._closing.set()
        self._jobs.put(None)
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
        if self.status.connected:
            self._client.publish(self.state_topic, "offline", qos=1, retain=True).wait_for_publish(2)
        self._client.disconnect()
        self._client.loop_stop()
        self._client = None
