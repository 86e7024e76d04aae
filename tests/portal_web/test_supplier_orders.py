"""A supplier's purchase orders: their own only, in the statuses of the supplier table, listed,
filtered, searched, paged, opened, and downloaded as CSV files that run no formula."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from portal_web.settings import load_settings
from portal_web.statuses import DEFAULT_SUPPLIER_STATUS_MAP
from tests.fixtures_erp import STAFF_IDS

ROWS = re.compile(r'<a href="/supplier/purchase-orders/(\d+)">')


def _listed(page) -> list[int]:
    return [int(i) for i in ROWS.findall(page.text)]


def _csv(answer) -> list[list[str]]:
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.content.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


def test_the_list_shows_the_suppliers_own_visible_pos_newest_first(shopper, supplier,
                                                                   make_supplier,
                                                                   make_purchase_order):
    mine = {status: make_purchase_order(supplier, status=status) for status in (
        "Draft PO", "Sent to supplier", "Acknowledged", "Partly shipped by supplier",
        "Shipped by supplier", "Received", "Cancelled PO")}
    make_purchase_order(make_supplier())  # another supplier's
    page = shopper.get("/supplier/purchase-orders")
    visible = [mine[s] for s in ("Received", "Shipped by supplier", "Partly shipped by supplier",
                                 "Acknowledged", "Sent to supplier")]
    assert _listed(page) == visible
    for label in ("New", "Acknowledged", "Partly shipped", "Shipped", "Received"):
        assert f">{label}</span>" in page.text
    for hidden in ("Draft PO", "Cancelled PO"):
        assert shopper.get(f"/supplier/purchase-orders/{mine[hidden]}").status_code == 404


def test_a_row_shows_reference_dates_status_lines_and_total_in_the_po_currency(
        shopper, make_supplier, make_purchase_order):
    supplier = make_supplier(currency="EUR")
    shopper.login(supplier, follow=False)
    make_purchase_order(supplier, lines=((1, 3, "2.50"), (2, 4, "10.00")), ref="PO-EURO-1",
                        delivery_date="2027-01-20")
    row = re.search(r"<tr>\s*<td><a href=\"/supplier/purchase-orders/\d+\">.*?</tr>",
                    shopper.get("/supplier/purchase-orders").text, re.S).group(0)
    assert "PO-EURO-1" in row and "20 Jan 2027" in row and ">New</span>" in row
    assert '<td class="num">2</td>' in row  # lines
    assert "€47.50" in html.unescape(row)  # 3 × 2.50 + 4 × 10.00, in euros


def test_filter_by_status_and_search_by_reference(shopper, supplier, make_purchase_order):
    new = make_purchase_order(supplier, ref="PO-FIND-ME")
    acknowledged = make_purchase_order(supplier, status="Acknowledged")
    assert _listed(shopper.get("/supplier/purchase-orders?status=new")) == [new]
    assert _listed(shopper.get("/supplier/purchase-orders?status=acknowledged")) == [
        acknowledged]
    assert _listed(shopper.get("/supplier/purchase-orders?q=PO-FIND-ME")) == [new]
    none = shopper.get("/supplier/purchase-orders?q=PO-NOT-THERE")
    assert none.status_code == 200 and "No purchase orders match" in none.text


@pytest.mark.parametrize(("query", "message", "paths"), [
    ("status=draft-po", "There is no such status.", ("", ".csv")),
    ("q=" + "x" * 61, "A reference has at most 60 characters.", ("", ".csv")),
    ("page=0", "The page number must be a whole number from 1.", ("",)),  # a CSV has no pages
])
def test_a_bad_filter_is_the_list_page_with_a_message(shopper, supplier, query, message,
                                                      paths):
    for path in paths:
        page = shopper.get(f"/supplier/purchase-orders{path}?{query}")
        assert page.status_code == 400 and message in html.unescape(page.text)


def test_the_list_pages_by_twenty_and_a_page_past_the_last_says_so(shopper, supplier,
                                                                   make_purchase_order,
                                                                   fake_erp):
    fake_erp.set_faults(throttle_per_minute=100_000)
    ids = [make_purchase_order(supplier) for _ in range(23)]
    first, second = (shopper.get(f"/supplier/purchase-orders?page={n}") for n in (1, 2))
    assert _listed(first) == ids[::-1][:20] and _listed(second) == ids[::-1][20:]
    assert "Page 2 of 2" in second.text
    past = shopper.get("/supplier/purchase-orders?page=3")
    assert past.status_code == 404 and "There is no page 3" in past.text


def test_the_csv_holds_what_the_filter_shows_with_formulas_neutralised(shopper, supplier,
                                                                       make_purchase_order):
    dangerous = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
                 "\tTAB", "\rCR"]
    ids = [make_purchase_order(supplier, ref=ref) for ref in dangerous]
    make_purchase_order(supplier, status="Acknowledged", ref="PO-OTHER-STATUS")
    answer = shopper.get("/supplier/purchase-orders.csv?status=new")
    assert 'filename="purchase-orders.csv"' in answer.headers["Content-Disposition"]
    header, *rows = _csv(answer)
    assert header[:3] == ["PO number", "Reference", "Your reference"]
    assert [int(r[0]) for r in rows] == ids[::-1]
    assert sorted(r[1] for r in rows) == sorted("'" + ref for ref in dangerous)
    assert all(r[5] == "New" for r in rows)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_the_detail_shows_lines_delivery_buyer_and_requested_date(shopper, supplier,
                                                                  make_purchase_order,
                                                                  portal):
    po = make_purchase_order(supplier, lines=((1, 10, "4.25"), (2, 3, "1.00")),
                             delivery_date="2027-03-04")
    page = shopper.get(f"/supplier/purchase-orders/{po}")
    text = html.unescape(page.text)
    assert page.status_code == 200 and f"Purchase order #{po}" in text
    order = portal.erp.orders.get(po)
    for row in order.rows:
        assert row.sku in text and row.name in text
    assert "£42.50" in text and "£3.00" in text  # line totals
    assert "Northwind Components Ltd" in text and "LS11 5PS" in text  # the buyer's warehouse
    buyer = portal.erp.contacts.get(STAFF_IDS[2])
    assert buyer.email in text and buyer.phone in text and buyer.first_name in text
    assert "4 Mar 2027" in text and "Not acknowledged yet" in text


def test_the_detail_shows_shipments_and_the_public_thread_but_no_private_note(
        shopper, supplier, make_purchase_order, fake_erp):
    po = make_purchase_order(supplier, status="Acknowledged")
    fake_erp.post(f"/order-service/order/{po}/note",
                  {"text": "Please use pallets <b>no higher</b> than 1.6 m.", "isPublic": True})
    fake_erp.post(f"/order-service/order/{po}/note",
                  {"text": "Internal: this supplier is often late.", "isPublic": False})
    page = shopper.get(f"/supplier/purchase-orders/{po}")
    assert "Please use pallets &lt;b&gt;no higher&lt;/b&gt; than 1.6 m." in page.text
    assert "often late" not in page.text
    assert "Nothing recorded as shipped yet." in page.text


def test_the_lines_csv_reads_back_with_what_is_shipped_and_left(shopper, make_supplier,
                                                                fake_erp):
    """The demo supplier's partly shipped PO, as seeded (fake_erp/seed_purchases.py)."""
    from tests.fixtures_erp import DEMO_PARTLY_SHIPPED_PO_ID, DEMO_SUPPLIER_ID

    shopper.login(DEMO_SUPPLIER_ID)
    answer = shopper.get(f"/supplier/purchase-orders/{DEMO_PARTLY_SHIPPED_PO_ID}.csv")
    assert (f'filename="purchase-order-{DEMO_PARTLY_SHIPPED_PO_ID}.csv"'
            in answer.headers["Content-Disposition"])
    header, *rows = _csv(answer)
    assert header == ["PO number", "SKU", "Product", "Ordered", "Shipped", "Left to ship",
                      "Unit cost", "Line total", "Currency", "Promised by"]
    ordered, shipped, left = (sum(int(r[i]) for r in rows) for i in (3, 4, 5))
    assert 0 < shipped < ordered and left == ordered - shipped
    assert shopper.get(f"/supplier/purchase-orders/{DEMO_PARTLY_SHIPPED_PO_ID}").status_code \
        == 200


def test_another_suppliers_po_is_a_404_on_every_route(shopper, supplier, make_supplier,
                                                      make_purchase_order, fake_erp):
    theirs = make_purchase_order(make_supplier())
    before = fake_erp.get(f"/order-service/order/{theirs}/note").json()["response"]
    base = f"/supplier/purchase-orders/{theirs}"
    for path in (base, base + ".csv"):
        assert shopper.get(path).status_code == 404
    forms = {"acknowledge": {"supplier_ref": "X", "promised": "2030-01-01"},
             "ship": {"shipped_on": "2026-01-01", "carrier": "DHL", "tracking": "1",
                      "form_token": "t" * 22},
             "comments": {"text": "hello", "form_token": "t" * 22}}
    for action, form in forms.items():
        assert shopper.post(f"{base}/{action}", form).status_code == 404
    assert fake_erp.get(f"/order-service/order/{theirs}/note").json()["response"] == before


def test_the_supplier_status_table_can_be_replaced_from_a_file(tmp_path):
    path = tmp_path / "suppliers.json"
    path.write_text('{"Sent to supplier": "To confirm", "Received": "Done"}')
    settings = load_settings({"PORTAL_SUPPLIER_STATUS_MAP": str(path)})
    assert settings.supplier_status_map == {"Sent to supplier": "To confirm", "Received": "Done"}
    assert load_settings({}).supplier_status_map == DEFAULT_SUPPLIER_STATUS_MAP
    path.write_text('["not", "a", "map"]')
    with pytest.raises(ValueError, match="PORTAL_SUPPLIER_STATUS_MAP"):
        load_settings({"PORTAL_SUPPLIER_STATUS_MAP": str(path)})
