"""A fake Slack Socket Mode endpoint: a plain WebSocket server (RFC 6455) on 127.0.0.1.

The fake Web API hands its `url` out from `apps.connections.open`; slack_sdk's built-in client
connects to it without TLS (it does so for any port but 443). It greets with `hello`, answers
pings, records every text frame the client sends (envelope acknowledgements) and lets a test
push envelopes (`send_envelope`) as Slack would.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
import uuid

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class FakeSocketMode:
    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._clients: list[socket.socket] = []
        self._lock = threading.Condition()
        self.received: list[dict] = []  # JSON text frames from the client
        self.connections = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="fake-socket-mode")

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=2)
        with self._lock:
            for client in self._clients:
                client.close()
        self._listener.close()

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what a test does ------------------------------------------------------------------------

    def wait_connected(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self._clients:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("nobody connected to the fake Socket Mode server")
                self._lock.wait(left)

    def send_envelope(self, payload: dict, kind: str = "slash_commands") -> str:
        """Send an envelope to the newest connection; returns its envelope_id."""
        envelope_id = str(uuid.uuid4())
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                   "accepts_response_payload": kind != "events_api"}
        with self._lock:
            client = self._clients[-1]
        _send_frame(client, 0x1, json.dumps(message).encode())
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for msg in self.received:
                    if msg.get("envelope_id") == envelope_id:
                        return msg
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no acknowledgement of {envelope_id}")
                self._lock.wait(left)

    # --- serving ---------------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = client.recv(4096)
                if not chunk:
                    return
                request += chunk
            headers = {}
            for line in request.decode().split("\r\n")[1:]:
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            accept = base64.b64encode(hashlib.sha1(
                (headers["sec-websocket-key"] + GUID).encode()).digest()).decode()
            client.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n")
                           .encode())
            _send_frame(client, 0x1, json.dumps({"type": "hello", "num_connections": 1}).encode())
            with self._lock:
                self._clients.append(client)
                self.connections += 1
                self._lock.notify_all()
            while not self._stopped.is_set():
                frame = _read_frame(client)
                if frame is None:
                    return
                opcode, payload = frame
                if opcode == 0x9:  # ping
                    _send_frame(client, 0xA, payload)
                elif opcode == 0x8:  # close
                    _send_frame(client, 0x8, payload[:2])
                    return
                elif opcode == 0x1:
                    with self._lock:
                        self.received.append(json.loads(payload))
                        self._lock.notify_all()
        except OSError:
            return
        finally:
            with self._lock:
                if client in self._clients:
                    self._clients.remove(client)
            client.close()


def _send_frame(sock: socket.socket, opcode: int, payload: bytes) -> None:
    header = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        header += bytes([n])
    elif n < 65536:
        header += bytes([126]) + struct.pack(">H", n)
    else:
        header += bytes([127]) + struct.pack(">Q", n)
    sock.sendall(header + payload)


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _read_frame(sock: socket.socket) -> tuple[int, bytes] | None:
    head = _recv_exactly(sock, 2)
    if head is None:
        return None
    opcode, length = head[0] & 0x0F, head[1] & 0x7F
    if length == 126:
        length = struct.unpack(">H", _recv_exactly(sock, 2) or b"\0\0")[0]
    elif length == 127:
        length = struct.unpack(">Q", _recv_exactly(sock, 8) or b"\0" * 8)[0]
    mask = _recv_exactly(sock, 4) if head[1] & 0x80 else b"\0\0\0\0"
    payload = _recv_exactly(sock, length) if length else b""
    if payload is None or mask is None:
        return None
    return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
