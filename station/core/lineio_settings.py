"""The ``line_io:`` block of ``station.yaml``: which line interfaces to start and how.

It lives in core (not in station.lineio) so that StationConfig can validate the
whole file without importing pymodbus, asyncua or paho. Every block is optional;
a server listens on 127.0.0.1 unless the file names another interface, because a
PLC port open to the plant network is a decision someone must write down.
"""

from __future__ import annotations

import ipaddress
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator


def parse_host_port(text: str, default_port: int | None = None) -> tuple[str, int]:
    """``"host:port"`` (or ``"[v6]:port"``) -> (host, port); one clear ValueError otherwise."""
    value = text.strip()
    host, sep, port_text = value.rpartition(":")
    if not sep:
        if default_port is None:
            raise ValueError(f"{text!r} must be host:port, e.g. 127.0.0.1:5020")
        host, port_text = value, str(default_port)
    host = host.strip("[]")
    if not host:
        raise ValueError(f"{text!r} has no host; write e.g. 127.0.0.1:5020")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"{text!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)


class ModbusServerSettings(BaseModel):
    """The Modbus TCP server a PLC polls (the register map is in station.lineio.registers)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    listen: str = Field("127.0.0.1:5020", description="interface:port; 0.0.0.0 opens it to the network")
    unit_id: int = Field(0, ge=0, le=255, description="0 answers every unit id")

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        parse_host_port(value)
        return value


class RemoteIoSettings(BaseModel):
    """An Ethernet digital I/O module (Modbus TCP coils): photo-eye in, reject and ready out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    address: str = Field(..., description="host:port of the I/O module (port 502 if left out)")
    unit_id: int = Field(1, ge=0, le=255)
    trigger_input: int | None = Field(
        0, ge=0, le=65535, description="discrete input of the photo-eye; None: no trigger"
    )
    reject_coil: int | None = Field(0, ge=0, le=65535, description="coil driving the reject gate; None: no gate")
    ready_coil: int | None = Field(1, ge=0, le=65535, description="coil lit while the station accepts parts")
    pulse_ms: int = Field(50, ge=1, le=10_000, description="how long the reject coil stays on")
    delay_ms: int = Field(0, ge=0, le=60_000, description="from the trigger to the reject pulse (part travel)")
    poll_ms: int = Field(5, ge=1, le=1000, description="how often the photo-eye input is read")

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        parse_host_port(value, default_port=502)
        return value


Security = Literal["none", "basic256sha256-sign", "basic256sha256-sign-encrypt"]


def _default_security() -> list[Security]:
    return ["none", "basic256sha256-sign-encrypt"]


class OpcUaSettings(BaseModel):
    """The OPC UA server with the OPC 40100 VisionSystemType object."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    endpoint: str = Field("opc.tcp://127.0.0.1:4840", description="opc.tcp://interface:port")
    security: list[Security] = Field(
        default_factory=_default_security,
        description="security policies offered; 'none' lets anyone browse but state changes still need a QA login",
    )
    allow_anonymous: bool = Field(True, description="anonymous clients may browse and subscribe, never change state")
    cert_dir: str | None = Field(None, description="where the self-made certificate goes; None = the data folder")

    @field_validator("endpoint")
    @classmethod
    def _endpoint(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme != "opc.tcp" or not parts.hostname:
            raise ValueError(f"{value!r} must look like opc.tcp://127.0.0.1:4840")
        try:
            port = parts.port
        except ValueError as exc:
            raise ValueError(f"{value!r}: bad port ({exc})") from None
        if port is None:
            raise ValueError(f"{value!r} names no port; write e.g. opc.tcp://127.0.0.1:4840")
        return value

    @field_validator("security")
    @classmethod
    def _security(cls, value: list[Security]) -> list[Security]:
        if not value:
            raise ValueError("name at least one security policy")
        return value


class MqttSettings(BaseModel):
    """The broker that takes one JSON message per part and the station's retained state."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field("127.0.0.1", min_length=1)
    port: int = Field(1883, gt=0, lt=65536)
    topic_prefix: str = Field("inspection", min_length=1, pattern=r"^[^#+\s]+$")
    username: str | None = None
    password: str | None = None
    qos: Literal[1] = 1
    keepalive_s: int = Field(10, ge=2, le=600, description="the broker declares the station offline after 1.5x this")
    queue_dir: str | None = Field(None, description="messages wait here while the broker is away; None = data folder")

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if "://" in value or (":" in value.strip("[]") and not _is_ipv6(value)):
            raise ValueError(f"{value!r}: give the host alone (the port goes in 'port')")
        return value


def _is_ipv6(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value.strip("[]")), ipaddress.IPv6Address)
    except ValueError:
        return False


class LineIoSettings(BaseModel):
    """``line_io:``: the deadline and fail-safe verdict, then one optional block per interface."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    deadline_ms: int = Field(300, ge=1, le=60_000, description="a part without a verdict this long after its trigger")
    fail_safe: Literal["reject", "pass"] = Field("reject", description="the verdict a late or failed part gets")
    buffer: int = Field(8, ge=1, le=64, description="results kept while the PLC has not acknowledged them")
    trigger: Literal["auto", "line", "free"] = Field(
        "auto",
        description="line: parts are triggered by the PLC or photo-eye; free: every inspected part is a part; "
        "auto: line when modbus_server or remote_io.trigger_input is set",
    )
    modbus_server: ModbusServerSettings | None = None
    remote_io: RemoteIoSettings | None = None
    opcua: OpcUaSettings | None = None
    mqtt: MqttSettings | None = None

    def triggered(self) -> bool:
        """Whether parts come from line triggers (True) or every inspected frame is a part (False)."""
        if self.trigger != "auto":
            return self.trigger == "line"
        return self.modbus_server is not None or (
            self.remote_io is not None and self.remote_io.trigger_input is not None
        )
