"""A real asyncua client browses the OPC 40100 VisionSystemType object, follows its state and result events."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from asyncua import Client, ua

from station.core.lineio_settings import LineIoSettings
from station.lineio import LineIo
from station.lineio.opcua import MV_URI, OpcUaPeer
from tests.lineio_helpers import FakeHost, free_port


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LineIo, FakeHost, str, Path]]:
    """One server for the module: importing the nodeset is the slow part (seconds on a busy machine)."""
    port = free_port()
    endpoint = f"opc.tcp://127.0.0.1:{port}"
    cert_dir = tmp_path_factory.mktemp("opcua-certs")
    host = FakeHost(inspect_s=0.01)
    settings = LineIoSettings(trigger="line", opcua={"endpoint": endpoint, "cert_dir": str(cert_dir)})
    line = LineIo(settings, "st-3", host)
    host.sink = line
    line.start()
    assert line.wait_ready(120)
    peer = line.peers[0]
    assert isinstance(peer, OpcUaPeer) and peer.failed is None, getattr(peer, "failed", None)
    yield line, host, endpoint, cert_dir
    line.close()


async def _vision(client: Client) -> tuple[Any, int, int]:
    mv = await client.get_namespace_index(MV_URI)
    own = await client.get_namespace_index("urn:inspection-station:line")
    vision = await client.nodes.objects.get_child(f"{own}:VisionSystem_st-3")
    return vision, mv, own


class Events:
    def __init__(self) -> None:
        self.items: list[Any] = []

    def event_notification(self, event: Any) -> None:
        self.items.append(event)


def test_vision_system_is_browsable_and_follows_the_station_state(station: tuple[LineIo, FakeHost, str, Path]) -> None:
    line, host, endpoint, _ = station

    async def run() -> None:
        async with Client(endpoint) as client:
            vision, mv, own = await _vision(client)
            type_def = await vision.read_type_definition()
            assert type_def == ua.NodeId(1003, mv)  # VisionSystemType
            names = {(await c.read_browse_name()).Name for c in await vision.get_children()}
            assert {"VisionStateMachine", "RecipeManagement", "ResultManagement", "Line"} <= names
            sm = await vision.get_child(f"{mv}:VisionStateMachine")
            state = await sm.get_child("0:CurrentState")
            auto = await (await sm.get_child(f"{mv}:AutomaticModeStateMachine")).get_child("0:CurrentState")
            assert (await state.read_value()).Text == "Preoperational"
            for st, expect, expect_auto in (("stopped", "Operational", "Ready"),
                                            ("running", "Operational", "ContinuousExecution"),
                                            ("error", "Error", ""), ("halted", "Halted", "")):  # fmt: skip
                line.on_state(st, "casting", "gige://cam", {})
                for _ in range(200):
                    if (await state.read_value()).Text == expect:
                        break
                    await asyncio.sleep(0.01)
                assert (await state.read_value()).Text == expect
                assert (await auto.read_value()).Text == expect_auto
            recipes = await (await vision.get_child(f"{mv}:RecipeManagement")).get_child(f"{own}:RecipeList")
            assert await recipes.read_value() == host.recipes()

    asyncio.run(run())


def test_result_ready_event_per_part_with_part_id(station: tuple[LineIo, FakeHost, str, Path]) -> None:
    line, _host, endpoint, _ = station
    line.on_state("running", "casting", "gige://cam", {})

    async def run() -> None:
        async with Client(endpoint) as client:
            vision, mv, own = await _vision(client)
            events = Events()
            sub = await client.create_subscription(10, events)
            await sub.subscribe_events(vision, client.get_node(ua.NodeId(1024, mv)))
            trigger = await (await vision.get_child(f"{own}:Line")).get_child(f"{own}:Trigger")
            line_obj = await vision.get_child(f"{own}:Line")
            for pid in (501, 502, 503):
                assert await line_obj.call_method(trigger, ua.Variant(pid, ua.VariantType.UInt32)) is True
                await asyncio.sleep(0.05)
            for _ in range(300):
                if len(events.items) >= 3:
                    break
                await asyncio.sleep(0.01)
            got = [(e.PartId, e.ResultState) for e in events.items]
            assert got == [("501", 1), ("502", 1), ("503", 2)]  # the third FakeHost picture is a defect
            assert "recipe=casting" in events.items[0].Message.Text
            assert "processing_ms=" in events.items[0].Message.Text

    asyncio.run(run())


def test_state_changes_need_a_qa_login(station: tuple[LineIo, FakeHost, str, Path]) -> None:
    _line, host, endpoint, _cert_dir = station

    async def call(user: str | None, pin: str | None, method: str, *args: Any) -> bool:
        client = Client(endpoint)
        if user is not None:
            client.set_user(user)
            client.set_password(pin or "")
        async with client:
            vision, _mv, own = await _vision(client)
            line_obj = await vision.get_child(f"{own}:Line")
            try:
                await line_obj.call_method(f"{own}:{method}", *args)
                return True
            except ua.UaError:
                return False

    async def run() -> None:
        before = list(host.calls)
        assert not await call(None, None, "Stop")
        assert not await call("op", "1111", "Stop")
        assert await call("qa", "1234", "SelectRecipe", ua.Variant("steel_strip", ua.VariantType.String))
        assert await call("qa", "1234", "Stop")
        assert host.calls[len(before) :] == ["select steel_strip", "stop"]
        with pytest.raises(Exception):  # noqa: B017  a wrong PIN does not even open a session
            await call("qa", "0000", "Start")

    asyncio.run(run())


def test_basic256sha256_with_the_self_made_certificate(station: tuple[LineIo, FakeHost, str, Path],
                                                       tmp_path: Path) -> None:  # fmt: skip
    _line, _host, endpoint, cert_dir = station
    assert (cert_dir / "server_cert.der").is_file()

    async def run() -> None:
        from asyncua.crypto.cert_gen import setup_self_signed_certificate
        from cryptography.x509.oid import ExtendedKeyUsageOID

        key, cert = tmp_path / "client_key.pem", tmp_path / "client_cert.der"
        usage = [ExtendedKeyUsageOID.CLIENT_AUTH]
        await setup_self_signed_certificate(key, cert, "urn:test:client", "localhost", usage, {"commonName": "client"})
        client = Client(endpoint)
        client.application_uri = "urn:test:client"
        await client.set_security_string(f"Basic256Sha256,SignAndEncrypt,{cert},{key},{cert_dir / 'server_cert.der'}")
        client.set_user("qa")
        client.set_password("1234")
        async with client:
            vision, _mv, _own = await _vision(client)
            assert (await vision.read_browse_name()).Name == "VisionSystem_st-3"

    asyncio.run(run())
