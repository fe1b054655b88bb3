"""Length-prefixed pickles over a socket pair: how :mod:`tenderctl.documents.sandbox` talks to its workers."""

from __future__ import annotations

import pickle
import select
import socket
from typing import Any


class Channel:
    """Length-prefixed pickles over one end of a socket pair, both ways.

    What ``multiprocessing.connection`` does, minus the 20 ms its imports cost before the
    first worker could start. ``poll`` is true when a message (or the end) is waiting.
    """

    _HEADER = 8

    def __init__(self, sock: Any) -> None:
        self.sock = sock

    @classmethod
    def pair(cls) -> tuple[Channel, Channel]:
        one, other = socket.socketpair()
        return cls(one), cls(other)

    @classmethod
    def from_fd(cls, fd: int) -> Channel:
        return cls(socket.socket(fileno=fd))

    def fileno(self) -> int:
        return int(self.sock.fileno())

    def send_bytes(self, data: bytes) -> None:
        self.sock.sendall(len(data).to_bytes(self._HEADER, "big"))
        self.sock.sendall(data)

    def send(self, message: Any) -> None:
        self.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def recv(self) -> Any:
        size = int.from_bytes(self._exactly(self._HEADER), "big")
        return pickle.loads(self._exactly(size))

    def poll(self) -> bool:
        return bool(select.select([self.sock], [], [], 0)[0])

    def close(self) -> None:
        self.sock.close()

    def _exactly(self, size: int) -> bytearray:
        buffer = bytearray(size)
        view = memoryview(buffer)
        got = 0
        while got < size:
            count = self.sock.recv_into(view[got:])
            if not count:
                raise EOFError("the other end closed the channel")
            got += count
        return buffer
