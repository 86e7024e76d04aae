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
from decimal import Decimal, InvalidOperation
from importlib import resources

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0
SCHEMA_VERSION = 5  # the layout of schema.sql; a database of another version is refused


class SchemaMismatch(ValueError):
    """The database was made by another version of the fake ERP (its tables differ)."""


def _compare_decimal(left: str, right: str) -> int:
    """The `decimal` collation: money strings compared as exact decimals ("100" == "100.00")."""
    try:
        a, b = Decimal(left), Decimal(right)
    except InvalidOperation:
        a, b = left, right  # not amounts: plain text order
    return (a > b) - (a < b)


class Repository:
    """Owns the connection; every access goes through `read()` or `write()`."""

    def __init__(self, db_path: str = ":memory:"):
        self.db_path = str(db_path)
        self._lock = threading.RLock()
        self._depth = 0  # write() blocks open on the thread holding the lock
        self._conn = sqlite3.connect(
            self.db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.create_collation("decimal", _compare_decimal)
        if self.db_path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=OFF")
        self._check_version()
        schema = resources.files("fake_erp.backend").joinpath("schema.sql").read_text()
        with self.write() as conn:
            for statement in schema.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_version(self) -> None:
        """Refuse a database made by another version rather than fail on a missing column."""
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'contacts'"
        ).fetchone()
        if has_tables and version != SCHEMA_VERSION:
            self._conn.close()
            raise SchemaMismatch(
                f"{self.db_path} was made by another version of the fake ERP (schema {version},"
                f" this one reads {SCHEMA_VERSION}): delete it and seed again"
            )

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection, held exclusively for a consistent read."""
        with self._lock:
            yield self._conn

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed if the block succeeds, rolled back if it raises.

        A write inside a write joins it (as a savepoint): an ops command changes an order
        and records the events it raises in one transaction (the webhooks' outbox).
        """
        with self._lock:
            begin, commit, rollback = "BEGIN IMMEDIATE", ("COMMIT",), ("ROLLBACK",)
            if self._depth:
                name = f"nested_{self._depth}"
                begin, commit = f"SAVEPOINT {name}", (f"RELEASE {name}",)
                rollback = (f"ROLLBACK TO {name}", f"RELEASE {name}")
            self._conn.execute(begin)
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                for statement in rollback:
                    self._conn.execute(statement)
                raise
            finally:
                self._depth -= 1
            for statement in commit:
                self._conn.execute(statement)

    def is_empty(self) -> bool:
        """True when the database holds no contacts (a fresh database to seed)."""
        with self.read() as conn:
            return conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 0

    def close(self) -> None:
        with self._lock:
            self._conn.close()
