"""The SQLite repository: one connection, one lock, one transaction per write.

One connection guarded by a lock is the simplest design that is correct for both a file and
`:memory:` under a threaded server (a `:memory:` database exists only on its connection). WAL
mode and a busy timeout let the CLI ops commands write to a file database while a server runs.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator
from importlib import resources

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0


class Repository:
    """Owns the connection; every access goes through `read()` or `write()`."""

    def __init__(self, db_path: str = ":memory:"):
        self.db_path = str(db_path)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            self.db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        if self.db_path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=OFF")
        schema = resources.files("fake_erp.backend").joinpath("schema.sql").read_text()
        with self.write() as conn:
            for statement in schema.split(";"):
                if statement.strip():
                    conn.execute(statement)

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection, held exclusively for a consistent read."""
        with self._lock:
            yield self._conn

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed if the block succeeds, rolled back if it raises."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def is_empty(self) -> bool:
        """True when the database holds no contacts (a fresh database to seed)."""
        with self.read() as conn:
            return conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 0

    def close(self) -> None:
        with self._lock:
            self._conn.close()
