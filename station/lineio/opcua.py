"""OPC UA server with one OPC 40100 ``VisionSystemType`` object, loaded from the shipped nodeset at run time.

What it shows: the vision state machine following the station's state
(Preoperational; Operational with the automatic mode Ready when stopped and
ContinuousExecution when running; Error; Halted), a ``ResultReadyEventType``
event per part (part id, result id, result state, processing time, recipe in the
message), the recipe list and current recipe, and a ``Line`` object of this
station's namespace with the same handshake as Modbus (Trigger method,
TriggerReady, ResultValid, last part's id, verdict and result code) plus Start,
Stop and SelectRecipe methods. State-changing calls need a user whose role
(host.authenticate) is "qa"; anonymous clients may browse and subscribe only.

Importing the nodeset takes seconds (measured: see ``import_seconds``), so it
happens on the peer's own loop thread; ``ready`` is set when the server serves.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from station.core.lineio_settings import OpcUaSettings
from station.core.paths import resources_dir
from station.lineio.common import LoopThread, PeerContext, PeerStatus
from station.lineio.handshake import PartResult

log = logging.getLogger(__name__)

MV_URI = "http://opcfoundation.org/UA/MachineVision"
LINE_URI = "urn:inspection-station:line"
NODESET = "opcua/Opc.Ua.MachineVision.NodeSet2.xml"
VISION_SYSTEM_TYPE = 1003  # i= of VisionSystemType in the nodeset
RESULT_READY_EVENT_TYPE = 1024
QA_ROLE = "qa"
# station state -> (VisionStateMachine state, automatic-mode state)
STATE_MAP = {
    "preoperational": ("Preoperational", ""),
    "running": ("Operational", "ContinuousExecution"),
    "stopped": ("Operational", "Ready"),
    "error": ("Error", ""),
    "halted": ("Halted", ""),
}


def nodeset_path() -> Path:
    return resources_dir() / NODESET


class _Users:
    """asyncua user manager: passwords checked by the host (the history's users and PINs)."""

    def __init__(self, ctx: PeerContext, allow_anonymous: bool) -> None:
        self.ctx = ctx
        self.allow_anonymous = allow_anonymous
        self.roles: dict[str, str] = {}

    def get_user(self, iserver: Any, username: str | None = None, password: str | None = None,
                 certificate: Any = None) -> Any:  # fmt: skip
        from asyncua.crypto.permission_rules import User, UserRole

        if username is None:
            return User(role=UserRole.Anonymous) if self.allow_anonymous else None
        role = self.ctx.host.authenticate(username, password or "")
        if role is None:
            log.warning("OPC UA login refused for %r", username)
            return None
        self.roles[username] = role
        return User(role=UserRole.User, name=username)


class _Rules:
    """Anyone: read, browse, subscribe, Trigger and AcknowledgeResult. QA only: Start, Stop, SelectRecipe."""

    def __init__(self, users: _Users) -> None:
        from asyncua import ua
        from asyncua.crypto.permission_rules import SimpleRoleRuleset

        self.users = users
        self.base = SimpleRoleRuleset()
        self.protected: set[Any] = set()
        self.call_id = ua.NodeId(ua.ObjectIds.CallRequest_Encoding_DefaultBinary)
        self.write_id = ua.NodeId(ua.ObjectIds.WriteRequest_Encoding_DefaultBinary)
        self.anonymous_ok = {ua.NodeId(i) for i in (
            ua.ObjectIds.ReadRequest_Encoding_DefaultBinary, ua.ObjectIds.BrowseRequest_Encoding_DefaultBinary,
            ua.ObjectIds.BrowseNextRequest_Encoding_DefaultBinary,
            ua.ObjectIds.TranslateBrowsePathsToNodeIdsRequest_Encoding_DefaultBinary,
            ua.ObjectIds.CreateSubscriptionRequest_Encoding_DefaultBinary,
            ua.ObjectIds.ModifySubscriptionRequest_Encoding_DefaultBinary,
            ua.ObjectIds.DeleteSubscriptionsRequest_Encoding_DefaultBinary,
            ua.ObjectIds.CreateMonitoredItemsRequest_Encoding_DefaultBinary,
            ua.ObjectIds.ModifyMonitoredItemsRequest_Encoding_DefaultBinary,
            ua.ObjectIds.DeleteMonitoredItemsRequest_Encoding_DefaultBinary,
            ua.ObjectIds.PublishRequest_Encoding_DefaultBinary, ua.ObjectIds.RepublishRequest_Encoding_DefaultBinary,
            ua.ObjectIds.SetPublishingModeRequest_Encoding_DefaultBinary,
            ua.ObjectIds.SetMonitoringModeRequest_Encoding_DefaultBinary,
            ua.ObjectIds.RegisterNodesRequest_Encoding_DefaultBinary,
            ua.ObjectIds.UnregisterNodesRequest_Encoding_DefaultBinary,
            ua.ObjectIds.CloseSecureChannelRequest_Encoding_DefaultBinary,
        )}  # fmt: skip

    def check_validity(self, user: Any, action_type_id: Any, body: Any) -> bool:
        from asyncua import ua
        from asyncua.crypto.permission_rules import UserRole
        from asyncua.ua.ua_binary import struct_from_binary

        if user is None:
            return True
        if action_type_id == self.call_id:
            params = struct_from_binary(ua.CallParameters, body.copy())
            if any(m.MethodId in self.protected for m in params.MethodsToCall):
                return user.role != UserRole.Anonymous and self.users.roles.get(user.name or "") == QA_ROLE
            return True  # Trigger and AcknowledgeResult: what a PLC does, no login needed
        if user.role == UserRole.Anonymous:
            return bool(action_type_id in self.anonymous_ok)
        if action_type_id == self.write_id:
            return False  # nothing here is written by clients: the handshake goes through methods
        return bool(self.base.check_validity(user, action_type_id, body))


class OpcUaPeer:
    """asyncua server on its own loop thread."""

    def __init__(self, settings: OpcUaSettings, ctx: PeerContext, cert_dir: Path) -> None:
        self.settings = settings
        self.ctx = ctx
        self.cert_dir = cert_dir
        self.status = PeerStatus("opcua")
        self.ready = threading.Event()
        self.failed: str | None = None
        self.import_seconds: float | None = None
        self.nodes: dict[str, Any] = {}
        self._loop: LoopThread | None = None
        self._server: Any = None
        self._event: Any = None
        self._users = _Users(ctx, settings.allow_anonymous)
        self._shown: dict[str, Any] = {}
        self._show_pending = False

    def start(self) -> None:
        self._loop = LoopThread("line-opcua")
        self._loop.submit(self._serve())

    async def _serve(self) -> None:
        try:
            await self._setup()
        except Exception as exc:
            self.failed = f"OPC UA server on {self.settings.endpoint} did not start: {exc}"
            self.status.last_error = self.failed
            log.error("%s", self.failed)
        finally:
            self.ready.set()

    async def _setup(self) -> None:
        from asyncua import Server, ua
        from asyncua.common.instantiate_util import instantiate

        server = Server(user_manager=self._users)
        await server.init()
        server.set_endpoint(self.settings.endpoint)
        server.set_server_name(f"Inspection station {self.ctx.view.station_id}")
        await server.set_application_uri(f"urn:inspection-station:{self.ctx.view.station_id}")
        policies = {
            "none": ua.SecurityPolicyType.NoSecurity,
            "basic256sha256-sign": ua.SecurityPolicyType.Basic256Sha256_Sign,
            "basic256sha256-sign-encrypt": ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt,
        }
        rules = _Rules(self._users)
        server.set_security_policy([policies[p] for p in self.settings.security], permission_ruleset=rules)
        tokens: list[type] = [ua.UserNameIdentityToken]
        if self.settings.allow_anonymous:
            tokens.append(ua.AnonymousIdentityToken)
        server.set_identity_tokens(tokens)
        if any(p != "none" for p in self.settings.security):
            await self._certificate(server)
        started = time.perf_counter()
        await server.import_xml(str(nodeset_path()))
        self.import_seconds = time.perf_counter() - started
        self.status.detail["nodeset_import_s"] = round(self.import_seconds, 3)
        log.info("OPC 40100 nodeset imported in %.2f s", self.import_seconds)
        mv = await server.get_namespace_index(MV_URI)
        own = await server.register_namespace(LINE_URI)
        vst = server.get_node(ua.NodeId(VISION_SYSTEM_TYPE, mv))
        name = f"VisionSystem_{self.ctx.view.station_id}"
        created = await instantiate(server.nodes.objects, vst, bname=ua.QualifiedName(name, own),
                                    dname=ua.LocalizedText(name), idx=own)  # fmt: skip
        vision = server.get_node(created[0])
        await vision.set_event_notifier([ua.EventNotifier.SubscribeToEvents])
        sm = await vision.get_child(f"{mv}:VisionStateMachine")
        auto = await sm.get_child(f"{mv}:AutomaticModeStateMachine")
        self.nodes["vision"] = vision
        self.nodes["state"] = await sm.get_child("0:CurrentState")
        self.nodes["state_id"] = await self.nodes["state"].get_child("0:Id")
        self.nodes["auto_state"] = await auto.get_child("0:CurrentState")
        self.nodes["state_nodes"] = {
            n: await sm.get_child(f"{mv}:{n}") for n in ("Preoperational", "Operational", "Error", "Halted")
        }
        recipes = await vision.get_child(f"{mv}:RecipeManagement")
        self.nodes["recipes"] = await recipes.add_variable(own, "RecipeList", self.ctx.host.recipes(),
                                                           ua.VariantType.String)  # fmt: skip
        self.nodes["recipe"] = await recipes.add_variable(own, "CurrentRecipe", self.ctx.host.current_recipe(),
                                                          ua.VariantType.String)  # fmt: skip
        line = await vision.add_object(own, "Line")
        self.nodes["line"] = line
        for key, value, vtype in (
            ("TriggerReady", False, ua.VariantType.Boolean), ("ResultValid", False, ua.VariantType.Boolean),
            ("PartId", 0, ua.VariantType.UInt32), ("Verdict", "", ua.VariantType.String),
            ("ResultCode", 0, ua.VariantType.UInt16), ("ProcessingTimeMs", 0.0, ua.VariantType.Double),
            ("Heartbeat", 0, ua.VariantType.UInt16),
        ):  # fmt: skip
            self.nodes[key] = await line.add_variable(own, key, value, vtype)
        u32, s = ua.VariantType.UInt32, ua.VariantType.String
        arg = self._argument
        self.nodes["Trigger"] = await line.add_method(own, "Trigger", self._m_trigger, [arg("PartId", u32)],
                                                      [arg("Accepted", ua.VariantType.Boolean)])  # fmt: skip
        self.nodes["Acknowledge"] = await line.add_method(own, "AcknowledgeResult", self._m_ack, [], [])
        self.nodes["Start"] = await line.add_method(own, "Start", self._m_start, [], [])
        self.nodes["Stop"] = await line.add_method(own, "Stop", self._m_stop, [], [])
        self.nodes["SelectRecipe"] = await line.add_method(own, "SelectRecipe", self._m_select, [arg("Recipe", s)], [])
        rules.protected = {self.nodes[k].nodeid for k in ("Start", "Stop", "SelectRecipe")}
        self._event = await server.get_event_generator(server.get_node(ua.NodeId(RESULT_READY_EVENT_TYPE, mv)), vision)
        for optional in ("JobId", "MeasId", "ProductId", "ProcessingTimes"):
            # empty structures by default, deep-copied for every subscriber of every event (most of an event's
            # cost on the server's loop): sent as null, which is what "not used" is in OPC UA
            setattr(self._event.event, optional, None)
        await server.start()
        self._server = server
        self.status.connected = True
        await self._show_state()
        self.ctx.handshake.add_change_hook(self._handshake_changed)
        self._beat_task = asyncio.get_running_loop().create_task(self._beat())

    @staticmethod
    def _argument(name: str, vtype: Any) -> Any:
        from asyncua import ua

        arg = ua.Argument()
        arg.Name = name
        arg.DataType = ua.NodeId(vtype.value)
        arg.ValueRank = -1
        return arg

    async def _certificate(self, server: Any) -> None:
        from asyncua.crypto.cert_gen import setup_self_signed_certificate
        from cryptography.x509.oid import ExtendedKeyUsageOID

        self.cert_dir.mkdir(parents=True, exist_ok=True)
        key, cert = self.cert_dir / "server_key.pem", self.cert_dir / "server_cert.der"
        host = urlsplit(self.settings.endpoint).hostname or "localhost"
        app_uri = f"urn:inspection-station:{self.ctx.view.station_id}"
        subject = {"commonName": f"inspection station {self.ctx.view.station_id}"}
        await setup_self_signed_certificate(key, cert, app_uri, host, [ExtendedKeyUsageOID.SERVER_AUTH], subject)
        await server.load_certificate(str(cert))
        await server.load_private_key(str(key))

    # --- methods (on the server's loop) ---------------------------------------------
    async def _m_trigger(self, parent: Any, part_id: Any) -> list[Any]:
        from asyncua import ua

        pid = self.ctx.fire("opcua", int(part_id.Value))  # the change hook updates TriggerReady
        return [ua.Variant(pid is not None, ua.VariantType.Boolean)]

    async def _m_ack(self, parent: Any) -> list[Any]:
        self.ctx.handshake.set_ack(True)
        self.ctx.handshake.set_ack(False)
        return []

    async def _host_call(self, fn: Any, *args: Any) -> list[Any]:
        from asyncua import ua

        try:
            await asyncio.get_running_loop().run_in_executor(None, fn, *args)
        except Exception as exc:
            log.warning("OPC UA call refused: %s", exc)
            raise ua.UaStatusCodeError(ua.StatusCodes.BadInvalidArgument) from exc
        return []

    async def _m_start(self, parent: Any) -> list[Any]:
        return await self._host_call(self.ctx.host.start_run)

    async def _m_stop(self, parent: Any) -> list[Any]:
        return await self._host_call(self.ctx.host.stop_run)

    async def _m_select(self, parent: Any, recipe: Any) -> list[Any]:
        return await self._host_call(self.ctx.host.select_recipe, str(recipe.Value))

    # --- station -> OPC UA ------------------------------------------------------------
    def _soon(self, coro_fn: Any, *args: Any) -> None:
        loop = self._loop
        if loop is None or self._server is None:
            return
        loop.submit(coro_fn(*args))

    def on_result(self, result: PartResult) -> None:
        self._soon(self._publish, result)

    def _handshake_changed(self) -> None:
        """Change hook (any thread): one display update in flight at a time; it reads the latest state."""
        if self._show_pending:
            return
        self._show_pending = True
        self._soon(self._show_handshake_once)

    async def _show_handshake_once(self) -> None:
        self._show_pending = False
        await self._show_handshake()

    def state_changed(self) -> None:
        self._soon(self._show_state)

    async def _show_handshake(self) -> None:
        from asyncua import ua

        hs = self.ctx.handshake
        shown, valid = hs.presented() if hs.use_ack else (hs.last_result, hs.last_result is not None)
        values: list[tuple[str, Any, Any]] = [("TriggerReady", hs.trigger_ready(), ua.VariantType.Boolean)]
        if shown is not None:
            values += [
                ("PartId", shown.part_id, ua.VariantType.UInt32),
                ("Verdict", shown.verdict, ua.VariantType.String),
                ("ResultCode", int(shown.code), ua.VariantType.UInt16),
                ("ProcessingTimeMs", round(float(shown.latency_ms or 0.0), 3), ua.VariantType.Double),
            ]
        values.append(("ResultValid", bool(valid), ua.VariantType.Boolean))
        for key, value, vtype in values:  # only what changed: each write costs the server's loop time
            if self._shown.get(key) != value:
                self._shown[key] = value
                # straight into the address space (subscribers still see the change): a node's write_value
                # goes through a session's write service and cost several times more per part
                await self._server.write_attribute_value(self.nodes[key].nodeid, ua.DataValue(ua.Variant(value, vtype)))

    async def _publish(self, result: PartResult) -> None:
        from asyncua import ua

        ev = self._event.event
        ev.PartId = ua.Variant(str(result.part_id), ua.VariantType.String)
        ev.ResultId = ua.Variant(f"{self.ctx.view.station_id}-{result.part_id}-{int(result.resolved_at * 1000)}",
                                 ua.VariantType.String)  # fmt: skip
        ev.ResultState = ua.Variant(int(result.code), ua.VariantType.Int32)
        ev.IsSimulated = ua.Variant(False, ua.VariantType.Boolean)
        ev.IsPartial = ua.Variant(False, ua.VariantType.Boolean)
        ev.CreationTime = dt.datetime.fromtimestamp(result.resolved_at, dt.UTC)
        ms = result.latency_ms
        if ms is None and result.inspection is not None:
            ms = float(result.inspection.timings_ms.get("total", 0.0))
        ev.Severity = 500 if result.reject else 100
        message = (f"part {result.part_id} {result.verdict} ({result.code.name}) recipe={self.ctx.view.recipe} "
                   f"processing_ms={0.0 if ms is None else round(ms, 2)}")  # fmt: skip
        await self._event.trigger(message=message)  # first: the event is what a client waits for
        self.status.sent += 1
        await self._show_handshake()

    async def _show_state(self) -> None:
        from asyncua import ua

        state, auto = STATE_MAP.get(self.ctx.view.state, ("Error", ""))
        await self.nodes["state"].write_value(ua.LocalizedText(state))
        await self.nodes["state_id"].write_value(self.nodes["state_nodes"][state].nodeid)
        await self.nodes["auto_state"].write_value(ua.LocalizedText(auto))
        await self.nodes["recipe"].write_value(self.ctx.view.recipe or self.ctx.host.current_recipe(),
                                               ua.VariantType.String)  # fmt: skip
        await self._show_handshake()

    async def _beat(self) -> None:
        from asyncua import ua

        while True:
            await asyncio.sleep(0.5)
            await self.nodes["Heartbeat"].write_value(self.ctx.view.heartbeat, ua.VariantType.UInt16)

    def close(self) -> None:
        loop = self._loop
        if loop is None:
            return
        if self._server is not None:
            try:
                loop.call(self._server.stop(), timeout=10)
            except Exception as exc:
                log.warning("OPC UA server did not stop cleanly: %s", exc)
            self._server = None
        loop.stop()
        self._loop = None
