"""Connecting the station to its line: PLC handshake (Modbus TCP), remote I/O, OPC UA, MQTT.

Qt-free and below the UI; the run session implements LineHost, feeds LineIo as a
pipeline sink and reports its state with on_state().
"""

from station.core.lineio_settings import LineIoSettings
from station.lineio.common import LineHost
from station.lineio.handshake import Handshake, PartResult, ResultCode
from station.lineio.lineio import LineIo, LineIoError
from station.lineio.registers import register_map_text

__all__ = [
    "Handshake",
    "LineHost",
    "LineIo",
    "LineIoError",
    "LineIoSettings",
    "PartResult",
    "ResultCode",
    "register_map_text",
]
