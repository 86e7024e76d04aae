"""The `fake-erp` command line: seed, ops commands on a live database, faults, bad input."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from fake_erp.cli import main
from fake_erp.server import start_server
from tests.fixtures_erp import AUTH_HEADERS

SIZES = ["--products", "30", "--customers", "4", "--suppliers", "2", "--orders", "40"]


@pytest.fixture
def seeded_db(tmp_path, capsys):
    db = str(tmp_path / "ops.db")
    assert main(["seed", "--db", db, "--seed", "5", *SIZES]) == 0
    capsys.readouterr()
    return db


def test_ops_commands_change_the_data_a_running_server_serves(seeded_db, capsys):
    server = start_server(seeded_db)
    try:
        assert main(["order-status", "--db", seeded_db, "3", "delivered"]) == 0
        assert main(["invoice", "--db", seeded_db, "3"]) == 0
        assert main(["ship", "--db", seeded_db, "3", "--tracking", "TRK-42"]) == 0
        out = capsys.readouterr().out
        assert "Delivered" in out and "INV-000003" in out and "TRK-42" in out
        order = requests.get(
            f"{server.base_url}/order-service/order/3", headers=AUTH_HEADERS, timeout=5
        ).json()
        assert order["response"][0]["orderStatus"]["name"] == "Delivered"
        assert order["response"][0]["invoices"][0]["invoiceReference"] == "INV-000003"
        notes = requests.get(
            f"{server.base_url}/warehouse-service/order/3/goods-note/goods-out",
            headers=AUTH_HEADERS,
            timeout=5,
        ).json()["response"]
        assert "TRK-42" in [n["shipping"]["reference"] for n in notes.values()]
    finally:
        server.stop()


def test_an_invoice_can_be_dated_and_falls_due_after_the_customers_terms(seeded_db, capsys):
    assert main(["invoice", "--db", seeded_db, "3", "--date", "2026-01-10"]) == 0
    server = start_server(seeded_db)
    try:
        order = requests.get(
            f"{server.base_url}/order-service/order/3", headers=AUTH_HEADERS, timeout=5
        ).json()["response"][0]
    finally:
        server.stop()
    invoice = order["invoices"][0]
    assert invoice["taxDate"].startswith("2026-01-10")
    assert invoice["dueDate"].startswith("2026-02-09")  # customer 4 pays in 30 days


def test_tasks_lists_tasks_created_over_http(seeded_db, capsys):
    server = start_server(seeded_db)
    try:
        requests.post(
            f"{server.base_url}/crm-service/task",
            headers=AUTH_HEADERS,
            timeout=5,
            json={"assignedToContactId": 2, "subject": "Call Claire", "orderId": 1},
        )
    finally:
        server.stop()
    assert main(["tasks", "--db", seeded_db]) == 0
    assert "to contact 2 order 1: Call Claire" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["order-status", "999999", "Delivered"],
        ["order-status", "3", "Received"],
        ["order-status", "x", "Delivered"],
        ["invoice", "999999"],
        ["invoice", "3", "--date", "31/12/2026"],
        ["ship", "3", "--tracking", " "],
        ["ship", "3"],
        ["seed", "--seed", "1"],
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(seeded_db, capsys, argv):
    before = _dump(seeded_db)
    assert main([*argv[:1], "--db", seeded_db, *argv[1:]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fake-erp: error: ") and err.count("\n") == 1
    assert _dump(seeded_db) == before


def test_ops_on_a_missing_database_create_nothing(tmp_path, capsys):
    missing = str(tmp_path / "missing.db")
    assert main(["tasks", "--db", missing]) == 2
    assert not os.path.exists(missing)
    assert main(["nonsense"]) == 2
    assert main(["seed", "--db", missing, "--seed", "1", "--products", "3"]) == 2


def test_faults_command_sets_faults_on_a_running_server(fake_erp, capsys):
    assert main(["faults", "--url", fake_erp.url, "--latency-ms", "5", "--error-rate", "0.5"]) == 0
    assert '"latency_ms": 5' in capsys.readouterr().out
    assert fake_erp.faults()["error_rate"] == 0.5
    assert main(["faults", "--url", fake_erp.url, "--error-rate", "7"]) == 2
    assert main(["faults", "--url", fake_erp.url, "--reset"]) == 0
    assert fake_erp.faults()["latency_ms"] == 0


def test_console_script_runs_as_a_subprocess(seeded_db):
    done = subprocess.run(
        [sys.executable, "-m", "fake_erp", "invoice", "--db", seeded_db, "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "INV-000001" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "fake_erp", "invoice", "--db", seeded_db, "99999"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr.strip() == "fake-erp: error: No Order Found"


def _dump(db: str) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("command", ["serve", "faults"])
def test_help_describes_every_fault_flag_with_unit_and_default(command, capsys):
    from fake_erp.faults import KNOBS

    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    for knob in KNOBS:
        assert f"{knob.flag} {knob.kind.__name__.upper()} {knob.unit}: {knob.help}" in text
        assert f"(default {knob.kind(knob.default)})" in text


def test_a_wrong_status_name_lists_the_valid_ones(seeded_db, capsys):
    assert main(["order-status", "--db", seeded_db, "3", "processing"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no SO status named 'processing'; one of: Draft, Quote," in err
    with pytest.raises(SystemExit):
        main(["order-status", "--help"])
    assert '"Waiting for production"' in " ".join(capsys.readouterr().out.split())
