"""Demo data from a random seed: the same seed and sizes always give the same data.

Stable ids (documented in docs/fake-erp.md, relied on by tests): contacts 1-3 are staff, 4 is the
demo customer (a British company on the EUR price list, paying in GBP, three addresses), 5 a
customer without a price list, 6 the demo supplier; orders 1.. are the demo customer's showcase
orders (see seed_orders.py). Town, postal code, street, phone and currency agree with the
contact's country.
Everything is inserted with executemany in one transaction, which keeps large seeds fast.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass
from decimal import Decimal

from fake_erp import seed_names as names
from fake_erp.backend import Backend
from fake_erp.backend.reference import REDUCED_RATE, REVERSE_CHARGE, STANDARD_RATE, ZERO_RATED
from fake_erp.backend.values import iso, money
from fake_erp.seed_orders import OrderSeeder

log = logging.getLogger(__name__)

ANCHOR = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)  # "today" in the demo data
STAFF = [
    ("Sarah", "Collins", "sarah.collins"),
    ("Mark", "Ellison", "mark.ellison"),
    ("Priya", "Shah", "priya.shah"),
]
DEMO_CUSTOMER_ID, PLAIN_CUSTOMER_ID, DEMO_SUPPLIER_ID = 4, 5, 6
DEMO_CREDIT_LIMIT = 20000
# A customer abroad carries its own tax code, which replaces its products' (UK VAT rules):
# business customers in the EU account for the VAT themselves, exports beyond it are zero rated.
_CUSTOMER_TAX_CODE = {
    **dict.fromkeys(("IRL", "FRA", "DEU", "NLD", "ESP"), REVERSE_CHARGE),
    "USA": ZERO_RATED,
}
_PAYMENT_TERMS = (30, 30, 14, 60)  # days, by contact id: most customers on 30 days


@dataclass(frozen=True)
class SeedSizes:
    products: int = 250
    customers: int = 30
    suppliers: int = 6
    orders: int = 400

    def check(self) -> None:
        """Fail early on sizes the fixed demo records cannot fit in."""
        if self.products < 20 or self.customers < 2 or self.suppliers < 1 or self.orders < 30:
            raise ValueError(
                "sizes too small: need products>=20, customers>=2, suppliers>=1, orders>=30"
            )


def seed(
    backend: Backend, seed: int, sizes: SeedSizes = SeedSizes(), today: dt.date | None = None
) -> None:
    """Fill an empty database with the demo data of `seed`, in one transaction.

    Everything depends on `seed` and `sizes` alone, except the validity of demo quote 22, which
    ends five days after `today` (the day of seeding unless given): the demo always has a quote
    about to expire.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    sizes.check()
    if not backend.repo.is_empty():
        raise ValueError("the database already holds data; seed only an empty one")
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    with backend.repo.write() as conn:
        products = _seed_products(conn, rng, sizes.products)
        price_index = _seed_prices(conn, rng, products)
        contacts = _seed_contacts(conn, rng, sizes)
        OrderSeeder(conn, rng, ANCHOR, products, price_index, contacts, today).run(sizes.orders)
    log.info("seeded %s with seed %s", backend.repo.db_path, seed)


def _seed_products(conn, rng: random.Random, count: int) -> list[tuple]:
    rows = []
    kinds = list(names.PRODUCT_NOUNS.items())
    for pid in range(1, count + 1):
        prefix, noun = kinds[(pid - 1) % len(kinds)]
        adjective, material = (
            rng.choice(names.PRODUCT_ADJECTIVES),
            rng.choice(names.PRODUCT_MATERIALS),
        )
        name = f"{adjective} {material} {noun} {rng.choice(names.SIZES)}"
        created = iso(ANCHOR - dt.timedelta(days=rng.randint(200, 900)))
        status = "LIVE" if rng.random() > 0.04 else "DISCONTINUED"
        rows.append(
            (
                pid,
                f"{prefix}-{pid:05d}",
                name,
                f"{name}. Sold individually.",
                status,
                created,
                iso(ANCHOR - dt.timedelta(days=rng.randint(0, 199))),
                _product_tax_code(pid),
            )
        )
    conn.executemany(
        "INSERT INTO products (id, sku, name, description, status, created_on, updated_on,"
        " tax_code_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return rows


def _product_tax_code(product_id: int) -> int:
    """Most products at the standard rate; every tenth at the reduced rate, some zero rated."""
    return {3: REDUCED_RATE, 7: ZERO_RATED}.get(product_id % 10, STANDARD_RATE)


def _seed_prices(conn, rng: random.Random, products: list[tuple]) -> dict[int, dict[int, list]]:
    """Prices per list: SELL and COST hold every product, EUR and USD lists a subset with breaks."""
    rows, index = [], {1: {}, 2: {}, 3: {}, 4: {}}
    for product in products:
        base = Decimal(rng.randint(150, 25000)) / 100
        lists = {1: (base, 1), 4: (base * Decimal("0.55"), 1)}
        if rng.random() < 0.7:
            lists[2] = (base * Decimal("1.165") * Decimal("0.92"), 2 if rng.random() < 0.4 else 1)
        if rng.random() < 0.6:
            lists[3] = (base * Decimal("1.271") * Decimal("0.88"), 3 if rng.random() < 0.6 else 1)
        for list_id, (price, tiers) in lists.items():
            breaks = [(1, price), (10, price * Decimal("0.95")), (50, price * Decimal("0.90"))][
                :tiers
            ]
            breaks = [(qty, p.quantize(Decimal("0.01"))) for qty, p in breaks]
            index[list_id][product[0]] = breaks
            rows.extend((product[0], list_id, qty, money(p)) for qty, p in breaks)
    conn.executemany("INSERT INTO prices VALUES (?, ?, ?, ?)", rows)
    return index


def _seed_contacts(conn, rng: random.Random, sizes: SeedSizes) -> dict[str, list]:
    """Staff 1-3, demo customers 4-5, demo supplier 6, then the random customers and suppliers."""
    people = [_staff(i, *s) for i, s in enumerate(STAFF, start=1)]
    people.append(
        _person(
            rng,
            DEMO_CUSTOMER_ID,
            "customer",
            first="Claire",
            last="Dubois",
            company="Dubois Interiors Ltd",
            list_id=2,
            currency=1,
            owner=1,
            country="GBR",
        )
    )
    people.append(
        _person(
            rng,
            PLAIN_CUSTOMER_ID,
            "customer",
            first="Tom",
            last="Baker",
            company="Baker & Sons Ltd",
            list_id=None,
            currency=1,
            owner=2,
            country="GBR",
        )
    )
    people.append(
        _person(
            rng,
            DEMO_SUPPLIER_ID,
            "supplier",
            first="Gareth",
            last="Hughes",
            company="Pennine Components Ltd",
            list_id=None,
            currency=1,
            owner=3,
            country="GBR",
        )
    )
    people[DEMO_CUSTOMER_ID - 1]["credit_limit"] = money(DEMO_CREDIT_LIMIT)
    next_id = DEMO_SUPPLIER_ID + 1
    for kind, count in (("customer", sizes.customers - 2), ("supplier", sizes.suppliers - 1)):
        for _ in range(count):
            people.append(_person(rng, next_id, kind))
            next_id += 1
    conn.executemany(
        "INSERT INTO contacts (id, first_name, last_name, company, email, phone, is_supplier,"
        " is_staff, price_list_id, credit_limit, credit_term_days, currency_id, owner_id,"
        " created_on, updated_on, tax_code_id) VALUES (:id, :first_name, :last_name, :company,"
        " :email, :phone, :is_supplier, :is_staff, :price_list_id, :credit_limit,"
        " :credit_term_days, :currency_id, :owner_id, :created_on, :updated_on, :tax_code_id)",
        people,
    )
    _seed_addresses(conn, rng, people)
    return {
        "customers": [p for p in people if not p["is_supplier"] and not p["is_staff"]],
        "suppliers": [p for p in people if p["is_supplier"]],
    }


def _staff(contact_id: int, first: str, last: str, login: str) -> dict:
    return _contact_row(
        contact_id, first, last, "", f"{login}@example-erp.test", staff=True, country="GBR"
    )


def _person(
    rng: random.Random,
    contact_id: int,
    kind: str,
    *,
    first=None,
    last=None,
    company=None,
    list_id=0,
    currency=None,
    owner=None,
    country=None,
) -> dict:
    """A customer or supplier; unnamed details come from the seed's random stream."""
    country = country or rng.choice(["GBR"] * 5 + ["IRL", "FRA", "DEU", "NLD", "ESP", "USA", "USA"])
    first = first or rng.choice(names.FIRST_NAMES)
    last = last or rng.choice(names.SURNAMES)
    company = company or (
        f"{rng.choice(names.COMPANY_WORDS)} {rng.choice(names.COMPANY_TRADES)} "
        f"{rng.choice(names.COMPANY_SUFFIX[country])}"
    )
    row = _contact_row(
        contact_id,
        first,
        last,
        company,
        _email(first, last, company),
        supplier=(kind == "supplier"),
        country=country,
    )
    row["currency_id"] = currency or names.CURRENCY_OF.get(country, 2)  # suppliers bill in it
    if kind == "customer":
        row["price_list_id"] = _price_list(rng, row["currency_id"]) if list_id == 0 else list_id
        row["credit_limit"] = money(rng.choice([0, 1000, 2500, 5000, 10000]))
        row["credit_term_days"] = _PAYMENT_TERMS[contact_id % len(_PAYMENT_TERMS)]
        row["tax_code_id"] = _CUSTOMER_TAX_CODE.get(country)
    row["owner_id"] = owner or rng.randint(1, len(STAFF))
    row["created_on"] = row["updated_on"] = iso(ANCHOR - dt.timedelta(days=rng.randint(400, 1500)))
    return row


def _price_list(rng: random.Random, currency_id: int) -> int | None:
    """A list in the customer's currency; now and then a British one buys from the euro list
    (the conversion case), or has none (the default list applies)."""
    if currency_id == 1:
        return rng.choice([None, 1, 1, 2])
    return {2: 2, 3: 3}[currency_id]


def _contact_row(
    contact_id, first, last, company, email, *, staff=False, supplier=False, country="GBR"
) -> dict:
    created = iso(ANCHOR - dt.timedelta(days=2000))
    return {
        "id": contact_id,
        "first_name": first,
        "last_name": last,
        "company": company,
        "email": email,
        "phone": f"{names.PHONE_PREFIX[country]} {960000 + contact_id:06d}",
        "is_supplier": int(supplier),
        "is_staff": int(staff),
        "price_list_id": None,
        "credit_limit": money(0),
        "credit_term_days": 30,
        "currency_id": 1,
        "owner_id": None,
        "tax_code_id": None,
        "created_on": created,
        "updated_on": created,
        "country": country,
    }


def _email(first: str, last: str, company: str) -> str:
    domain = "".join(ch for ch in company.split()[0].lower() if ch.isalnum()) or "mail"
    local = "".join(ch for ch in f"{first}.{last}".lower() if ch.isalnum() or ch == ".")
    return f"{local}@{domain}.example"


def _seed_addresses(conn, rng: random.Random, people: list[dict]) -> None:
    """Customers get none, one or several addresses; demo customer 4 gets three, 5 one.

    Each person's addresses are kept on it (`addresses`, `billing`, `delivery`) for the orders.
    """
    addresses, links, next_id = [], [], 1
    for person in people:
        count = {DEMO_CUSTOMER_ID: 3, PLAIN_CUSTOMER_ID: 1}.get(person["id"])
        if count is None:
            count = 1 if person["is_staff"] or person["is_supplier"] else person["id"] % 4
        person["addresses"] = []
        for n in range(count):
            address = _address(rng, person["country"], person["company"])
            addresses.append((next_id, person["id"], *address))
            person["addresses"].append(address)
            kinds = (
                (["DEF", "BIL"] + (["DEL"] if count == 1 else []))
                if n == 0
                else (["DEL"] if n == 1 else [])
            )
            links.extend((person["id"], next_id, kind) for kind in [*kinds, ""])
            next_id += 1
    conn.executemany("INSERT INTO addresses VALUES (?, ?, ?, ?, ?, ?, ?, ?)", addresses)
    conn.executemany("INSERT INTO contact_addresses VALUES (?, ?, ?)", links)


def _address(rng: random.Random, country: str, company: str) -> tuple:
    """(line1, line2, city, region, postal code, country), all of one place."""
    town, region, pattern = rng.choice(names.TOWNS[country])
    postcode = "".join(
        str(rng.randint(0, 9))
        if ch == "#"
        else rng.choice("ABDEFHJLNPRSTUWXY")
        if ch == "A"
        else ch
        for ch in pattern
    )
    number, name = rng.randint(1, 240), rng.choice(names.STREETS[country])
    street = f"{name} {number}" if country in names.NUMBER_AFTER_STREET else f"{number} {name}"
    unit = f"{rng.choice(names.UNITS)} {rng.randint(1, 40)}" if rng.random() < 0.5 else company
    return (unit or street, street if unit else "", town, region, postcode, country)
