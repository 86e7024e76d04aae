"""Each page costs a constant number of ERP requests, whatever the number of rows (the fake's
request log counts them), and nothing once its answers are cached. The figures are the ones
stated in docs/portal.md."""

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.fixtures_portal import settings_for
from tests.portal_web.conftest import product_ids_on


@pytest.fixture
def portal_settings(fake_erp):
    """The portal's own ERP budget lifted: these tests view each page three times over, and
    count the fake's log, not the portal's pacing."""
    settings = settings_for(fake_erp.base_url)
    return replace(settings, erp=replace(settings.erp, budget_per_minute=10**6))

# ERP requests per page with nothing of it cached but reference data (statuses, price lists,
# currencies, tax codes); seen again while its answers are fresh, every page costs none.
COST = {
    "/": 11,             # contact+manager GET, balance; open invoices: order-search, order GET,
                         # payment search; quotes to answer: order-search, order GET; latest
                         # orders: order-search, order GET, goods-out GET; open orders: search
    "/orders": 3,        # the same, one page of 20
    "/orders/{id}": 2,   # order GET and goods-out GET, together
    "/catalog": 3,       # product-search, product GET, product-price GET
    "/cart": 3,          # product GET, product-price GET, addresses
    "/invoices": 3,      # order-search, order GET, payment search (every document the filter
                         # matches, up to 200: its totals are the filter's)
    "/invoices/{id}": 2,  # order GET, payment search (a credit note: +1, the order it credits)
    "/invoices/{id}.pdf": 2,
    "/statement": 3,     # order-search (open items), order GET, payment search
    "/statement.pdf": 4,  # the same and the address book (the billing address)
    "/account": 3,       # contact+manager GET, billing address GET, balance
    "/addresses": 1,     # the address book
    "/addresses/new": 1,
    "/addresses/{id}/edit": 1,
    "/quotes": 3,        # order-search, order-note-search (acceptances), order GET (+ fields)
    "/quotes/{id}": 3,   # order GET (+ custom fields), its notes, the names of their authors
    "/quotes/{id}.pdf": 3,  # the same
}


def _cost(shopper, fake_erp, path) -> tuple[int, dict]:
    """What a first view of the page costs (only reference data cached); a second costs 0."""
    erp = shopper.portal.erp
    shopper.get(path)
    erp.cache.clear()
    erp.reference.statuses(), erp.reference.price_lists(), erp.reference.currencies()
    erp.reference.tax_codes()
    fake_erp.reset()
    assert shopper.get(path).status_code == 200
    log = fake_erp.requests()
    fake_erp.reset()
    assert shopper.get(path).status_code == 200
    assert fake_erp.requests()["total"] == 0, f"{path} seen again asked the ERP"
    return log["total"], log["by_endpoint"]


@pytest.fixture
def orders_for(fake_erp, shopper):
    def make(customer_id, count, rows=1):
        fake_erp.set_faults(throttle_per_minute=100_000)  # set-up traffic, not the portal's
        status_id = shopper.portal.erp.reference.status_named("Confirmed").id
        lines = [{"productId": n + 1, "quantity": 1, "net": "1.00", "tax": "0"}
                 for n in range(rows)]
        ids = [fake_erp.create_sales_order(customer_id, statusId=status_id, rows=lines)
               for _ in range(count)]
        for order_id in ids[::3]:
            fake_erp.ship(order_id, f"TRK{order_id}")
        return ids
    return make


def test_my_orders_costs_the_same_with_200_orders_as_with_2(shopper, make_customer, fake_erp,
                                                           orders_for):
    few, many = make_customer(), make_customer()
    orders_for(few, 2)
    orders_for(many, 200)
    shopper.login(few)
    cost_few, _ = _cost(shopper, fake_erp, "/orders")
    dashboard_few, _ = _cost(shopper, fake_erp, "/")
    shopper.login(many)
    cost_many, by_endpoint = _cost(shopper, fake_erp, "/orders")
    dashboard_many, _ = _cost(shopper, fake_erp, "/")
    assert cost_few == cost_many == COST["/orders"], by_endpoint
    # no invoice is open and no quote waits: the dashboard skips the order GET and the payment
    # search of the invoices, and the GET of the quotes
    assert dashboard_few == dashboard_many == COST["/"] - 3


def test_an_order_with_50_rows_costs_the_same_as_one_with_1(shopper, customer, fake_erp,
                                                           orders_for):
    small, large = orders_for(customer, 1, rows=1)[0], orders_for(customer, 1, rows=50)[0]
    assert _cost(shopper, fake_erp, f"/orders/{small}")[0] == COST["/orders/{id}"]
    assert _cost(shopper, fake_erp, f"/orders/{large}")[0] == COST["/orders/{id}"]


def test_a_catalog_page_costs_three_requests_on_any_page(shopper, customer, fake_erp):
    for path in ("/catalog", "/catalog?page=3", "/catalog?q=steel"):
        total, by_endpoint = _cost(shopper, fake_erp, path)
        assert total == COST["/catalog"], by_endpoint


def test_a_cart_of_30_lines_costs_the_same_as_a_cart_of_1(shopper, customer, fake_erp):
    ids = product_ids_on(shopper.get("/catalog").text) + product_ids_on(
        shopper.get("/catalog?page=2").text)
    shopper.post("/cart/items", {"product_id": ids[0], "quantity": 1})
    one, _ = _cost(shopper, fake_erp, "/cart")
    for product_id in ids[1:30]:
        shopper.post("/cart/items", {"product_id": product_id, "quantity": 2})
    assert len(re.findall(r'<tr id="line-', shopper.get("/cart").text)) == 30
    thirty, by_endpoint = _cost(shopper, fake_erp, "/cart")
    assert one == thirty == COST["/cart"], by_endpoint


# The supplier portal's pages (docs/portal.md, "ERP requests per page"), statuses cached.
SUPPLIER_COST = {
    "/supplier/purchase-orders": 2,           # order-search, order GET (with custom fields)
    "/supplier/purchase-orders.csv": 2,       # the same for every PO the filter shows (≤ 200)
    "/supplier/purchase-orders/{id}": 3,      # order GET, its notes, the buyer
    "/supplier/purchase-orders/{id}.csv": 2,  # order GET, its notes
}


@pytest.fixture
def pos_for(fake_erp, make_purchase_order):
    def make(supplier_id, count, lines=1):
        fake_erp.set_faults(throttle_per_minute=100_000)  # set-up traffic, not the portal's
        rows = tuple((n + 1, 3, "1.00") for n in range(lines))
        return [make_purchase_order(supplier_id, lines=rows) for _ in range(count)]
    return make


def test_supplier_lists_cost_the_same_with_200_pos_as_with_2(shopper, make_supplier,
                                                            fake_erp, pos_for):
    costs = []
    for count in (2, 200):
        supplier = make_supplier()
        pos_for(supplier, count)
        shopper.login(supplier)
        for path in ("/supplier/purchase-orders", "/supplier/purchase-orders.csv",
                     "/supplier/purchase-orders?status=new"):
            total, by_endpoint = _cost(shopper, fake_erp, path)
            costs.append(total)
            assert total == SUPPLIER_COST[path.split("?")[0]], (count, path, by_endpoint)
    assert len(costs) == 6


def test_a_po_with_50_lines_and_ten_shipments_costs_what_one_line_costs(shopper, make_supplier,
                                                                        fake_erp, pos_for):
    supplier = make_supplier()
    small, large = pos_for(supplier, 1, lines=1)[0], pos_for(supplier, 1, lines=50)[0]
    shopper.login(supplier)
    rows = [row.id for row in shopper.portal.erp.orders.get(large).rows]
    for n in range(10):
        page = shopper.get(f"/supplier/purchase-orders/{large}").text
        token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
        form = {"shipped_on": date.today().isoformat(), "carrier": "DPD", "tracking": f"T{n}",
                "form_token": token, **{f"qty-{row}": "0" for row in rows}}
        form[f"qty-{rows[n]}"] = "1"
        assert shopper.post(f"/supplier/purchase-orders/{large}/ship", form).status_code == 200
    for po in (small, large):
        for path in ("/supplier/purchase-orders/{id}", "/supplier/purchase-orders/{id}.csv"):
            total, by_endpoint = _cost(shopper, fake_erp, path.format(id=po))
            assert total == SUPPLIER_COST[path], (po, path, by_endpoint)


def test_acknowledging_and_shipping_cost_a_constant_number_of_requests(shopper, make_supplier,
                                                                      fake_erp, pos_for):
    """A first acknowledgement: order GET, notes, the supplier's reference, the date, the
    status, the note, the task (7); a shipment: order GET, notes, the note, the tracking
    number, the status, the task (6), however many lines; the page it goes back to is a GET
    of its own."""
    supplier = make_supplier()
    po = pos_for(supplier, 1, lines=30)[0]
    shopper.login(supplier)
    page = shopper.get(f"/supplier/purchase-orders/{po}").text
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    fake_erp.reset()
    acknowledged = shopper.post(f"/supplier/purchase-orders/{po}/acknowledge", {
        "supplier_ref": "S-1", "promised": (date.today() + timedelta(days=9)).isoformat()},
        allow_redirects=False)
    assert acknowledged.status_code == 302
    assert fake_erp.requests()["total"] == 7, fake_erp.requests()["by_endpoint"]
    rows = [row.id for row in shopper.portal.erp.orders.get(po).rows]
    fake_erp.reset()
    answer = shopper.post(f"/supplier/purchase-orders/{po}/ship", {
        "shipped_on": date.today().isoformat(), "carrier": "DPD", "tracking": "T",
        "form_token": token, **{f"qty-{row}": "3" for row in rows}}, allow_redirects=False)
    assert answer.status_code == 302
    assert fake_erp.requests()["total"] == 6, fake_erp.requests()["by_endpoint"]
@pytest.fixture
def documents_for(fake_erp, shopper):
    """Invoices of confirmed orders (half of them part paid, all overdue) and credit notes."""
    def make(customer_id, invoices, credits=0, rows=1, payments=1):
        fake_erp.set_faults(throttle_per_minute=100_000)  # set-up traffic, not the portal's
        confirmed = shopper.portal.erp.reference.status_named("Confirmed").id
        lines = [{"productId": n + 1, "quantity": 1, "net": "10.00", "tax": "2.00",
                  "taxCode": "T1"} for n in range(rows)]
        ids = []
        for n in range(invoices):
            order_id = fake_erp.create_sales_order(customer_id, rows=lines, statusId=confirmed)
            fake_erp.invoice(order_id, tax_date=f"2026-0{1 + n % 9}-1{n % 10}")
            for _ in range(payments if n % 2 else 0):
                fake_erp.pay(order_id, "0.50")
            ids.append(order_id)
        for _ in range(credits):
            credit = fake_erp.create_sales_credit(customer_id, parent_id=ids[0])
            fake_erp.invoice(credit)
            ids.append(credit)
        return ids
    return make


ACCOUNT_PAGES = ("/", "/invoices", "/invoices?status=overdue", "/invoices?type=credit&page=1",
                 "/statement", "/statement.pdf", "/account", "/addresses", "/addresses/new")


def test_the_account_pages_cost_the_same_with_60_documents_as_with_2(shopper, make_customer,
                                                                     fake_erp, documents_for):
    few, many = make_customer(), make_customer()
    for customer in (few, many):  # with a billing address, which /account shows
        book = fake_erp.get(f"/contact-service/contact/{customer}/postal-address").json()
        fake_erp.put(f"/contact-service/contact/{customer}/postal-address",
                     [{"postalAddressId": book["response"][0]["addressId"], "type": "BIL"}])
    documents_for(few, 2, credits=1)
    documents_for(many, 60, credits=5)
    costs = {}
    for customer in (few, many):
        shopper.login(customer)
        costs[customer] = {path: _cost(shopper, fake_erp, path) for path in ACCOUNT_PAGES}
    # Here every order is an open invoice: the dashboard's latest orders are among the open
    # invoices it has just read, and their GET asks the ERP for none of them; and no quote
    # waits (its search finds none: no GET).
    expected = {**COST, "/": COST["/"] - 2}
    for path in ACCOUNT_PAGES:
        (cost_few, _), (cost_many, by_endpoint) = costs[few][path], costs[many][path]
        assert cost_few == cost_many == expected[path.split("?")[0]], (path, by_endpoint)


def test_a_document_with_50_rows_and_10_payments_costs_what_one_with_1_costs(
        shopper, customer, fake_erp, documents_for):
    small = documents_for(customer, 2, payments=1)[1]
    large = documents_for(customer, 2, rows=50, payments=10)[1]
    address = re.search(r'href="/addresses/(\d+)/edit"', shopper.get("/addresses").text).group(1)
    for path in ("/invoices/{id}", "/invoices/{id}.pdf"):
        assert _cost(shopper, fake_erp, path.format(id=small))[0] == COST[path]
        assert _cost(shopper, fake_erp, path.format(id=large))[0] == COST[path]
    credit = documents_for(customer, 1, credits=1)[-1]
    assert _cost(shopper, fake_erp, f"/invoices/{credit}")[0] == COST["/invoices/{id}"] + 1
    assert _cost(shopper, fake_erp, f"/addresses/{address}/edit")[0] == \
        COST["/addresses/{id}/edit"]
def test_the_quote_list_costs_the_same_with_60_quotes_as_with_2(shopper, make_customer, fake_erp,
                                                              make_quote):
    few, many = make_customer(), make_customer()
    fake_erp.set_faults(throttle_per_minute=100_000)
    for customer, count in ((few, 2), (many, 60)):
        for n in range(count):
            quote = make_quote(customer, status="Declined" if n % 5 == 4 else "Quote")
            fake_erp.post(f"/order-service/order/{quote}/note",
                          {"text": f"Note {n}", "isPublic": True, "addedBy": 1 + n % 3})
        accepted = make_quote(customer, status="Confirmed")
        fake_erp.post(f"/order-service/order/{accepted}/note", {
            "text": "Accepted in the portal by T.", "isPublic": True, "addedBy": customer})
    shopper.login(few)
    cost_few, _ = _cost(shopper, fake_erp, "/quotes")
    shopper.login(many)
    cost_many, by_endpoint = _cost(shopper, fake_erp, "/quotes")
    assert cost_few == cost_many == COST["/quotes"], by_endpoint


def test_a_quote_with_30_notes_costs_the_same_as_one_with_1(shopper, customer, fake_erp,
                                                           make_quote):
    quiet, busy = make_quote(customer), make_quote(customer)
    fake_erp.set_faults(throttle_per_minute=100_000)
    fake_erp.post(f"/order-service/order/{quiet}/note", {"text": "hi", "isPublic": True})
    for n in range(30):
        fake_erp.post(f"/order-service/order/{busy}/note",
                      {"text": f"Note {n}", "isPublic": True,
                       "addedBy": (1, 2, 3, customer)[n % 4]})
    for path in ("/quotes/{id}", "/quotes/{id}.pdf"):
        for quote in (quiet, busy):
            total, by_endpoint = _cost(shopper, fake_erp, path.format(id=quote))
            assert total == COST[path], by_endpoint


def test_my_orders_and_an_order_listed_cost_nothing_after_the_dashboard(shopper, customer,
                                                                         fake_erp, orders_for):
    orders_for(customer, 25)
    shopper.get("/")
    fake_erp.reset()
    listed = re.findall(r'href="/orders/(\d+)"', shopper.get("/orders").text)
    shopper.get(f"/orders/{listed[-1]}")  # on My orders' first page, not on the dashboard
    assert fake_erp.requests()["total"] == 0, fake_erp.requests()["by_endpoint"]
