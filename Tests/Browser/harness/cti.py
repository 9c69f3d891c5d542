"""A fake telephony gateway on a node's CTI WebSocket (`/cti/v1`, docs/cti.md).

It plays a caller deterministically: offers one call, answers every `collect` with the key
for a person (0), and when the node bridges the call to an agent, waits for the test to
pick up (`answer`) — so the screen pop stays up as long as the test needs it.
"""
import json
import threading

import websocket

from . import wait


class FakeGateway:
    def __init__(self, http_base, gateway_id, token, key_for_person="0"):
        self.url = http_base.replace("http://", "ws://") + "/cti/v1"
        self.gateway_id = gateway_id
        self.token = token
        self.key = key_for_person
        self.received = []
        self.errors = []
        self._seq = 0
        self._lock = threading.Lock()
        self._ws = None
        self._reader = None
        self._calls = {}

    # MARK: connection

    def connect(self, timeout=15):
        self._ws = websocket.create_connection(self.url, timeout=timeout)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._send({"type": "hello", "gatewayId": self.gateway_id, "token": self.token, "calls": []})
        wait.until(lambda: self._first("welcome"), timeout, "the node's welcome")
        return self

    def close(self):
        if self._ws is not None:
            try:
                self._ws.close()
            except Exception:  # noqa: BLE001 - closing a socket that may be gone
                pass
            self._ws = None

    def _send(self, frame):
        with self._lock:
            self._seq += 1
            frame = {"v": 1, "seq": self._seq, **frame}
            self._ws.send(json.dumps(frame, ensure_ascii=False))

    def _read(self):
        while True:
            try:
                text = self._ws.recv()
            except Exception:  # noqa: BLE001 - the socket closed
                return
            if not text:
                return
            frame = json.loads(text)
            with self._lock:
                self.received.append(frame)
            self._react(frame)

    def _first(self, kind, call=None):
        with self._lock:
            for frame in self.received:
                if frame.get("type") == kind and (call is None or frame.get("gatewayCallId") == call):
                    return frame
        return None

    # MARK: the caller's behaviour

    def _react(self, frame):
        kind = frame.get("type")
        call = frame.get("gatewayCallId")
        if call and frame.get("callId"):
            self._calls[call] = frame["callId"]
        if kind == "collect":
            self._send({"type": "dtmf", "gatewayCallId": call, "callId": frame["callId"], "digits": self.key})
        elif kind == "protocolError":
            self.errors.append(frame)

    def offer(self, gateway_call, caller, dialled="4008101234"):
        self._send({"type": "callOffered", "gatewayCallId": gateway_call, "caller": caller, "dialled": dialled})

    def wait_bridge(self, gateway_call, timeout=30):
        """The node's `bridge` command for the call (the agent's phone rings)."""
        return wait.until(lambda: self._first("bridge", gateway_call), timeout,
                          f"the node to bridge {gateway_call} to an agent (received: {self.received[-5:]})")

    def call_id(self, gateway_call):
        return self._calls.get(gateway_call)

    def answer(self, gateway_call, agent):
        """The agent's phone picked up: answered, then bridged."""
        call_id = self._calls[gateway_call]
        self._send({"type": "answered", "gatewayCallId": gateway_call, "callId": call_id, "agent": agent})
        self._send({"type": "bridged", "gatewayCallId": gateway_call, "callId": call_id, "agent": agent})

    def hang_up(self, gateway_call, by="caller"):
        self._send({"type": "hungUp", "gatewayCallId": gateway_call, "callId": self._calls[gateway_call], "by": by})
