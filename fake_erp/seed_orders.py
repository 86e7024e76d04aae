"""Demo orders: every status, quotes (some expired), payments, credit notes, shipments, POs.

Orders 1-10 belong to demo customer 4, one per SO status in the order of the status table (2 is
an active quote with a conversation); 11 is an expired quote; 12 is invoiced and unpaid, 13
partly paid, 14 fully paid; 15 is a credit note of customer 4 against order 14, not refunded;
16-21 are purchase orders of supplier 6, one per PO status; 22 is a quote of customer 4 that
expires within a week of the day the data is seeded, 23 a quote it declined, 24 one it
accepted (now Confirmed). The rest are random but the last ones: the purchase orders
`seed_purchases` adds (the demo supplier's partly shipped one, then every status for each
other supplier). A row's tax is its tax code's rate: the customer's own code (reverse charge,
zero rated) when it has one, else the product's. A sales credit credits the customer's latest
invoiced order (one unit of its first row), when there is one; a completed one has been
refunded. Invoices fall due after the customer's payment terms. Rows are collected in lists
and written with executemany (fast for 100,000 orders).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import ROUND_HALF_UP, Decimal

from fake_erp.backend.orders import INVOICE_PREFIX, payment_status
from fake_erp.backend.reference import (
    CURRENCIES,
    ORDER_STATUSES,
    PRICE_LISTS,
    TAX_CODES,
    status_id,
)
from fake_erp.backend.values import iso, money, money2
from fake_erp.seed_purchases import (
    PARTLY_SHIPPED,
    SEEDED_PO_STATUSES,
    PurchaseSeeder,
    supplier_specs,
)

DEMO_CUSTOMER, DEMO_SUPPLIER = 4, 6
_RATES = {code: rate for _, code, _, rate, *_ in CURRENCIES}
_CODES = {cid: code for cid, code, *_ in CURRENCIES}
_STATUSES = {t: [i for i, s in enumerate(ORDER_STATUSES, 1) if s[1] == t] for t in ("SO", "SC")}
_STATUSES["PO"] = SEEDED_PO_STATUSES
_STATE = {i: s[2] for i, s in enumerate(ORDER_STATUSES, 1)}
_QUOTE = status_id("Quote")
_TAX_CODES = {tax_id: (code, Decimal(rate)) for tax_id, code, _, rate in TAX_CODES}
_TAX_CODES_BY_CODE = {code: rate for code, rate in _TAX_CODES.values()}
_CENT = Decimal("0.01")
_DECLINED = status_id("Declined")
DEMO_STAFF = 1  # the demo customer's account manager
# The conversation on demo quote 2: (author, text); the staff member first.
_QUOTE_THREAD = (
    (DEMO_STAFF, "Here is the quote we discussed on the phone. Prices are held until the date "
                 "above."),
    (DEMO_CUSTOMER, "Thank you. Could the first half be delivered within two weeks of the order?"),
    (DEMO_STAFF, "Yes: we can split the delivery at no extra cost."),
)


class OrderSeeder:
    """Builds order tuples in memory, then inserts them in a few executemany calls."""

    def __init__(
        self, conn, rng: random.Random, anchor: dt.datetime, products, price_index, contacts,
        today: dt.date | None = None,
    ):
        self.conn, self.rng, self.anchor = conn, rng, anchor
        self.today = today or anchor.date()
        self.products = {p[0]: p for p in products}
        self.prices = price_index
        self.price_keys = {list_id: sorted(prices) for list_id, prices in price_index.items()}
        self.list_currency = {pl[0]: pl[3] for pl in PRICE_LISTS}
        self.customers = contacts["customers"]
        self.suppliers = contacts["suppliers"]
        self.by_id = {c["id"]: c for c in self.customers + self.suppliers}
        self.tables: dict[str, list] = {
            k: [] for k in ("orders", "rows", "fields", "payments", "notes", "goods")
        }
        self.next_row = self.next_payment = self.next_note = 1
        self.purchases = PurchaseSeeder(rng, self._add_note, self._add_field)
        self.invoiced: dict[int, list[int]] = {}  # customer -> its invoiced sales orders so far
        self.first_rows: dict[int, tuple] = {}  # order -> its first row, for credits against it

    def run(self, count: int) -> None:
        demo = self._demo_specs()
        last = supplier_specs(self.suppliers, DEMO_SUPPLIER)[: max(count - len(demo), 0)]
        for order_id, spec in enumerate(demo, start=1):
            self._order(order_id, **spec)
        for order_id in range(len(demo) + 1, count - len(last) + 1):
            self._order(order_id, **self._random_spec())
        for order_id, spec in enumerate(last, start=count - len(last) + 1):
            self._order(order_id, **spec)
        self._flush()

    def _demo_specs(self) -> list[dict]:
        specs = [  # Declined (appended to the table) has an order of its own, 23
            {"contact": DEMO_CUSTOMER, "type_code": "SO", "status": s}
            for s in _STATUSES["SO"]
            if s != _DECLINED
        ]
        specs[status_id("Shipped and invoiced") - 1]["pay"] = "full"
        specs[status_id("Delivered") - 1]["pay"] = "part"
        specs.append(
            {
                "contact": DEMO_CUSTOMER,
                "type_code": "SO",
                "status": status_id("Quote"),
                "expired": True,
            }
        )
        for pay in ("none", "part", "full"):
            specs.append(
                {
                    "contact": DEMO_CUSTOMER,
                    "type_code": "SO",
                    "status": status_id("Shipped and invoiced"),
                    "pay": pay,
                }
            )
        specs.append(
            {
                "contact": DEMO_CUSTOMER,
                "type_code": "SC",
                "status": status_id("Credit complete"),
                "pay": "none",
            }
        )
        specs += [
            {"contact": DEMO_SUPPLIER, "type_code": "PO", "status": s} for s in _STATUSES["PO"]
        ]
        specs[_QUOTE - 1].update(expired=False, notes=_QUOTE_THREAD)
        return specs + self._quote_specs()

    def _quote_specs(self) -> list[dict]:
        """Orders 22-24: a quote expiring within the week, a declined one, an accepted one."""
        quote = {"contact": DEMO_CUSTOMER, "type_code": "SO"}
        later = self.anchor.date() + dt.timedelta(days=400)
        accepted = "Accepted in the portal by Claire Dubois, PO PO-2231."
        return [
            {**quote, "status": _QUOTE, "valid_to": self.today + dt.timedelta(days=5)},
            {**quote, "status": _DECLINED, "valid_to": later,
             "notes": ((DEMO_CUSTOMER, "Declined in the portal by Claire Dubois: we found a "
                                       "closer supplier."),)},
            {**quote, "status": status_id("Confirmed"), "valid_to": later,
             "notes": ((DEMO_CUSTOMER, accepted),)},
        ]

    def _random_spec(self) -> dict:
        roll = self.rng.random()
        if roll < 0.8:
            return {
                "contact": self.rng.choice(self.customers)["id"],
                "type_code": "SO",
                "status": self.rng.choice(_STATUSES["SO"]),
            }
        if roll < 0.87:
            return {
                "contact": self.rng.choice(self.customers)["id"],
                "type_code": "SC",
                "status": self.rng.choice(_STATUSES["SC"]),
            }
        return {
            "contact": self.rng.choice(self.suppliers)["id"],
            "type_code": "PO",
            "status": self.rng.choice(_STATUSES["PO"]),
        }

    def _order(
        self,
        order_id: int,
        *,
        contact: int,
        type_code: str,
        status: int,
        pay: str | None = None,
        expired: bool | None = None,
        valid_to: dt.date | None = None,
        notes: tuple = (),
    ) -> None:
        party = self.by_id[contact]
        list_id = 4 if type_code == "PO" else (party["price_list_id"] or 1)
        currency = _CODES[party["currency_id"]]
        placed = self.anchor - dt.timedelta(
            days=self.rng.randint(0, 365), seconds=self.rng.randint(0, 86399)
        )
        first_row = self.next_row
        parent = self._parent_of(contact) if type_code == "SC" else None
        if parent is not None:
            net, tax = self._credit_row(order_id, parent)
        else:
            net, tax = self._rows(order_id, list_id, currency, type_code, party,
                                  status == PARTLY_SHIPPED)
        state = _STATE[status]
        invoiced = type_code == "SC" or state == "closed"
        order = {
            "id": order_id,
            "type_code": type_code,
            "contact_id": contact,
            "status_id": status,
            "reference": f"PO-{self.rng.randint(1000, 99999)}" if self.rng.random() < 0.6 else "",
            "external_ref": None,
            "app_ref": None,
            "price_list_id": list_id,
            "currency_code": currency,
            "exchange_rate": _RATES[currency],
            "placed_on": iso(placed),
            "created_on": iso(placed),
            "updated_on": iso(placed + dt.timedelta(days=self.rng.randint(0, 20))),
            "delivery_date": iso(placed + dt.timedelta(days=self.rng.randint(3, 30)))
            if status not in (_QUOTE, _DECLINED)
            else None,
            "shipping_method_id": self.rng.choice([1, 2, 3]),
            "delivery": self._delivery(party) if self.rng.random() < 0.85 else None,
            "billing": self._billing(party),
            "warehouse_id": 1,
            "version": 1,
            "net": money(net),
            "tax": money(tax),
            "total": money(net + tax),
            "paid": money(0),
            "payment_status": payment_status(net + tax, Decimal(0)),
            "invoice_reference": None,
            "tax_date": None,
            "due_date": None,
            "owner_id": party["owner_id"],
            "parent_order_id": parent,
        }
        if invoiced:
            self._invoice(order, placed, party)
            self._settle(order, placed, state, pay)
        if type_code == "SO" and (state == "closed" or status == status_id("Ready for shipment")):
            self._goods_note(order, placed, shipped=state == "closed")
        supplier_ref = self._extras(order, placed, expired, valid_to)
        for n, (author, text) in enumerate(notes, start=1):
            added = placed + dt.timedelta(days=n, hours=n)
            self._add_note(order, text, iso(added), added_by=author)
        if type_code == "PO":
            rows = self.tables["rows"][first_row - 1 :]
            self.purchases.dress(order, rows, party, placed, supplier_ref)
        self.tables["orders"].append(order)

    def _rows(self, order_id: int, list_id: int, currency: str, type_code: str, party: dict,
              split: bool = False):
        """The order's rows; `split`: its first row has at least two units (to ship in part)."""
        priced, keys = self.prices[list_id], self.price_keys[list_id]
        factor = Decimal(_RATES[currency]) / Decimal(_RATES[self.list_currency[list_id]])
        net_total = tax_total = Decimal(0)
        picked = self.rng.sample(keys, k=min(len(keys), self.rng.randint(1, 4)))
        for sequence, product_id in enumerate(picked, start=1):
            quantity = self.rng.choice([1, 1, 2, 3, 5, 10, 12, 25, 60])
            if split and sequence == 1:
                quantity = max(quantity, 2)
            unit = [p for q, p in priced[product_id] if q <= quantity][-1]
            unit = (unit * factor).quantize(_CENT)  # in the order's currency
            if type_code == "SC":
                quantity = 1
            product = self.products[product_id]
            code, rate = _TAX_CODES[party.get("tax_code_id") or product[7]]
            cost = self.prices[4][product_id][0][1] * Decimal(_RATES[currency])
            row = (product_id, product[2], product[1], unit, code, money(cost))
            net, tax = self._add_row(order_id, row, quantity, rate, sequence)
            net_total, tax_total = net_total + net, tax_total + tax
        return net_total, tax_total

    def _credit_row(self, order_id: int, parent: int):
        """One unit of the first row of the order credited, at its price and tax code."""
        row = self.first_rows[parent]
        return self._add_row(order_id, row, 1, _TAX_CODES_BY_CODE[row[4]], 1)

    def _add_row(self, order_id: int, row: tuple, quantity: int, rate: Decimal, sequence: int):
        """`row` is (product id, name, SKU, unit price, tax code, cost); returns (net, tax)."""
        product_id, name, sku, unit, code, cost = row
        net = unit * quantity
        tax = (net * rate / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
        self.tables["rows"].append(
            (self.next_row, order_id, product_id, name, sku, quantity, money(unit), money(net),
             money(tax), code, cost, 10 * sequence)
        )
        self.next_row += 1
        self.first_rows.setdefault(order_id, row)
        return net, tax

    def _parent_of(self, contact: int) -> int | None:
        """The order a new credit note of the customer credits: its latest invoiced one."""
        invoiced = self.invoiced.get(contact)
        return invoiced[-1] if invoiced else None

    def _delivery(self, party: dict) -> str | None:
        """The party's delivery address (its second address, else its first); None: pickup.
        Made once per party: every order of a party keeps the same copy."""
        if "delivery_json" not in party:
            places = party["addresses"][1:2] or party["addresses"][:1]
            party["delivery_json"] = json.dumps(_address_json(party, places)) if places else None
        return party["delivery_json"]

    def _billing(self, party: dict) -> str:
        """The party's billing address (its first one), made once per party."""
        if "billing_json" not in party:
            party["billing_json"] = json.dumps(_address_json(party, party["addresses"][:1]))
        return party["billing_json"]

    def _invoice(self, order: dict, placed: dt.datetime, party: dict) -> None:
        """Invoiced a few days after it was placed, due after the customer's payment terms."""
        tax_date = placed + dt.timedelta(days=self.rng.randint(1, 10))
        order["invoice_reference"] = f"{INVOICE_PREFIX[order['type_code']]}-{order['id']:06d}"
        order["tax_date"] = iso(tax_date)
        order["due_date"] = iso(tax_date + dt.timedelta(days=party["credit_term_days"]))
        if order["type_code"] == "SO":
            self.invoiced.setdefault(order["contact_id"], []).append(order["id"])

    def _settle(self, order: dict, placed: dt.datetime, state: str, pay: str | None) -> None:
        """Receipts against an invoice (none, part or all); a completed credit is refunded."""
        if order["type_code"] == "SO":
            self._payments(order, placed, pay or self.rng.choice(["none", "part", "full", "full"]))
        elif state == "closed":
            self._payments(order, placed, pay or "full", payment_type="PAYMENT")

    def _payments(
        self, order: dict, placed: dt.datetime, pay: str, payment_type: str = "RECEIPT"
    ) -> None:
        total = Decimal(order["total"])
        amount = {"none": Decimal(0), "part": (total / 2).quantize(Decimal("0.01")), "full": total}[
            pay
        ]
        if amount <= 0:
            return
        paid_on = iso(placed + dt.timedelta(days=12))
        self.tables["payments"].append(
            (
                self.next_payment,
                f"seed-{order['id']}-{self.next_payment}",
                None,
                self.rng.choice(["STRIPE", "BACS"]),
                payment_type,
                order["id"],
                order["contact_id"],
                order["currency_code"],
                order["exchange_rate"],
                money2(amount),
                paid_on,
                f"J{self.next_payment:06d}",
                paid_on,
                3000 + self.next_payment,
            )
        )
        self.next_payment += 1
        order["paid"] = money(amount)
        order["payment_status"] = payment_status(total, amount)

    def _goods_note(self, order: dict, placed: dt.datetime, *, shipped: bool) -> None:
        tracking = "1Z" + "".join(
            self.rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)
        )
        created = iso(placed + dt.timedelta(days=2))
        shipped_on = iso(placed + dt.timedelta(days=5)) if shipped else None
        self.tables["goods"].append(
            (
                order["id"],
                order["id"],
                1,
                created,
                shipped_on or created,  # printed
                shipped_on,
                shipped_on,
                shipped_on,
                tracking if shipped else "",
                order["shipping_method_id"],
                1 if shipped else None,
                None,
                1,
                5 if shipped else 2,
            )
        )

    def _extras(
        self, order: dict, placed: dt.datetime, expired: bool | None, valid_to: dt.date | None
    ) -> str | None:
        """Custom fields and the odd note on a sale; for a purchase order, the supplier's
        reference it will have once acknowledged (`seed_purchases`).

        Quotes, and quotes since declined, are valid until `PCF_VALIDTO`: the date the spec
        names, else a random one (about half of them past).
        """
        if valid_to is None and order["status_id"] in (_QUOTE, _DECLINED):
            valid_to = self._random_validity(placed, expired)
        if valid_to is not None:
            self.tables["fields"].append(
                (order["id"], "PCF_VALIDTO", json.dumps(valid_to.isoformat()))
            )
        supplier_ref = None
        if order["type_code"] == "PO":
            supplier_ref = f"SUP-{self.rng.randint(10000, 99999)}"
        if self.rng.random() < 0.2 and order["type_code"] != "PO":  # the draw keeps the stream
            self._add_note(order, "Customer asked for delivery before noon.",
                           order["created_on"], added_by=order["owner_id"])
        return supplier_ref

    def _add_note(self, order: dict, text: str, added_on: str, *, added_by=None,
                  public: bool = True) -> None:
        self.tables["notes"].append((self.next_note, order["id"], text, int(public), added_on,
                                     added_by, order["status_id"], order["contact_id"]))
        self.next_note += 1

    def _add_field(self, order: dict, name: str, value) -> None:
        self.tables["fields"].append((order["id"], name, json.dumps(value)))

    def _random_validity(self, placed: dt.datetime, expired: bool | None) -> dt.date:
        expired = self.rng.random() < 0.5 if expired is None else expired
        if expired:
            return min(placed + dt.timedelta(days=30), self.anchor - dt.timedelta(days=1)).date()
        return (self.anchor + dt.timedelta(days=self.rng.randint(400, 900))).date()

    def _flush(self) -> None:
        orders = self.tables["orders"]
        columns = list(orders[0])
        marks = ", ".join(f":{c}" for c in columns)
        self.conn.executemany(f"INSERT INTO orders ({', '.join(columns)}) VALUES ({marks})", orders)  # noqa: S608
        inserts = {
            "rows": "order_rows",
            "fields": "order_fields",
            "payments": "payments",
            "notes": "order_notes",
            "goods": "goods_notes",
        }
        for key, table in inserts.items():
            if self.tables[key]:
                marks = ", ".join("?" * len(self.tables[key][0]))
                self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", self.tables[key])  # noqa: S608


def _address_json(party: dict, places: list[tuple]) -> dict:
    """An order's copy of one of the party's addresses (only name and contact details if none)."""
    out = {
        "addressFullName": f"{party['first_name']} {party['last_name']}",
        "companyName": party["company"],
        "telephone": party["phone"],
        "email": party["email"],
    }
    if places:
        line1, line2, line3, line4, postcode, country = places[0]
        out.update(
            addressLine1=line1,
            addressLine2=line2,
            addressLine3=line3,
            addressLine4=line4,
            postalCode=postcode,
            countryIsoCode=country,
        )
    return out
