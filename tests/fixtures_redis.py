"""Pytest plugin: a real Redis (Debian's `redis-server`, which `make test` installs) for the
tests of the shared cache, budget and breaker (`-p tests.fixtures_redis`).

`redis_server` (session) runs one on a free loopback port, with no persistence (the portal
keeps only caches there); `redis_url` (function) empties it before the test and gives its URL.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not shutil.which(binary):
        pytest.fail("redis-server is not installed: `make test` installs it (Debian's "
                    "redis-server), or run apt-get install redis-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--daemonize", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    client = Redis.from_url(url)
    try:
        for _ in range(200):
            if server.poll() is not None:
                raise AssertionError(f"redis-server exited with status {server.returncode}")
            try:
                if client.ping():
                    return
            except RedisConnectionError:
                time.sleep(0.02)
        raise AssertionError("redis-server did not start")
    finally:
        client.close()


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's Redis, emptied for this test."""
    client = Redis.from_url(redis_server)
    client.flushall()
    client.close()
    return redis_server


__all__ = ["redis_server", "redis_url"]
