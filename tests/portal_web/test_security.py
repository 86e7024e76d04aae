"""Access rules checked on the app's own url_map × visitors, so a new route cannot slip past them.

Every route is opened by four visitors: someone without a session, a customer and a supplier (the
one the route is for opens their own objects), and a stranger: another contact of the route's role
naming the first one's objects. What each must get follows from the role the route's area declares
(portal_web/areas.py) and the kind of ERP object each `<id('kind'):...>` in it names. A route this
file cannot fill in (an id without a kind, a kind with no line in OBJECTS, another converter on a
logged-in page) fails with what to declare.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from werkzeug.routing import UnicodeConverter

from connector.constants import SalesStatus
from portal_web import create_app
from portal_web.areas import Role
from portal_web.converters import ErpIdConverter
from portal_web.extensions import csrf
from tests.fixtures_erp import DEFAULT_PRICE_LIST_ID, STAFF_IDS, FakeErpControl
from tests.fixtures_portal import Shopper, settings_for

VISITORS = ("anonymous", "customer", "supplier", "stranger")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_APP = create_app(settings_for("http://127.0.0.1:9/public-api/demo"))  # only its routes are read
_CSRF = re.compile(r'\s*<input type="hidden" name="csrf_token" value="[^"]+">')


@dataclass(frozen=True)
class Kind:
    """A kind of ERP object a route names: whose it is, how to make one, how to make it theirs
    in a session (a product is "theirs" once it is in their cart)."""

    owner: Role
    make: Callable[[World, int], int]  # (world, owner's contact id) -> object id
    claim: Callable[[Shopper, int], object] | None = None


def _order(world: World, contact_id: int) -> int:
    confirmed = world.portal.erp.reference.status_named(SalesStatus.CONFIRMED).id
    return world.control.create_sales_order(contact_id, statusId=confirmed)


def _purchase_order(world: World, contact_id: int) -> int:
    sent = world.portal.erp.reference.status_named("Sent to supplier", order_type="PO").id
    return world.control.create_purchase_order(
        contact_id, statusId=sent, staffOwnerId=STAFF_IDS[2],
        rows=[{"productId": 1, "quantity": 5, "net": "10.00", "tax": "0"}])


def _invoice(world: World, contact_id: int) -> int:
    order_id = _order(world, contact_id)
    world.control.invoice(order_id)
    return order_id


def _address(world: World, contact_id: int) -> int:
    """A delivery address in the contact's own address book."""
    made = world.control.post("/contact-service/postal-address", {
        "addressLine1": "1 Test Street", "addressLine3": "Leeds", "postalCode": "LS1 1AA",
        "countryIsoCode": "GBR"})
    address_id = made.json()["response"]
    world.control.put(f"/contact-service/contact/{contact_id}/postal-address",
                      [{"postalAddressId": address_id, "type": "DEL"}])
    return address_id


def _quote(world: World, contact_id: int) -> int:
    """An active quote (valid for a year) of the contact."""
    quote_status = world.portal.erp.reference.status_named(SalesStatus.QUOTE).id
    quote_id = world.control.create_sales_order(contact_id, statusId=quote_status)
    world.control.patch(f"/order-service/order/{quote_id}/custom-field", [
        {"op": "add", "path": "/PCF_VALIDTO", "value": f"{date.today().year + 1}-12-31"}])
    return quote_id


def _orderable_product(world: World, contact_id: int) -> int:
    return world.product_id


def _into_cart(shopper: Shopper, product_id: int):
    return shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})


# Every kind of id a route may name. A new kind (a quote, an invoice, an address, a purchase
# order) needs one line here: whose it is and how to make one in the fake ERP.
OBJECTS = {
    "order": Kind(Role.CUSTOMER, _order),
    "product": Kind(Role.CUSTOMER, _orderable_product, claim=_into_cart),
    "purchase_order": Kind(Role.SUPPLIER, _purchase_order),
    "invoice": Kind(Role.CUSTOMER, _invoice),  # an invoice or a credit note (an invoiced order)
    "address": Kind(Role.CUSTOMER, _address),
    "quote": Kind(Role.CUSTOMER, _quote),
}


class World:
    """The people and objects of the matrix, made once per module, when first needed."""

    def __init__(self, portal, control: FakeErpControl):
        self.portal, self.control = portal, control
        self._people: dict[tuple[Role, bool], int] = {}
        self._objects: dict[tuple[str, int], int] = {}

    def person(self, role: Role, *, other: bool = False) -> int:
        """A contact of the role (`other`: a second one, whose objects are not the first's)."""
        if (role, other) not in self._people:
            is_supplier = {"isSupplier": role is Role.SUPPLIER}
            self._people[role, other] = self.control.create_customer(
                relationshipToAccount=is_supplier)
        return self._people[role, other]

    @functools.cached_property
    def product_id(self) -> int:
        """A product every customer on the default list may order."""
        found = self.portal.erp.catalog.search(DEFAULT_PRICE_LIST_ID, status="LIVE")
        return found.items[0].id

    def object_of(self, kind: str, contact_id: int) -> int:
        if (kind, contact_id) not in self._objects:
            self._objects[kind, contact_id] = OBJECTS[kind].make(self, contact_id)
        return self._objects[kind, contact_id]

    def shopper(self, role: Role | None, *, other: bool = False) -> Shopper:
        """A visitor logged in as that person (no session for None)."""
        shopper = Shopper(self.portal)
        if role is not None:  # customers and suppliers log in with their own link
            answer = shopper.login(self.person(role, other=other), follow=False)
            landing = {Role.CUSTOMER: "/", Role.SUPPLIER: "/supplier/purchase-orders"}[role]
            assert answer.status_code == 302 and answer.headers["Location"] == landing
            shopper.get("/no-such-page")  # the new session's CSRF token, at no ERP cost
        return shopper


def _routes():
    """(rule, method) for every route of the app but the static files."""
    return [(rule, method) for rule in _APP.url_map.iter_rules() if rule.endpoint != "static"
            for method in METHODS if method in rule.methods]


def _cases():
    for rule, method in _routes():
        for visitor in VISITORS:
            if visitor == "stranger" and not (_ids(rule) and _role(rule) is not Role.ANYONE):
                continue  # no object of someone else's to name
            yield pytest.param(rule, method, visitor, id=f"{method} {rule.rule} as {visitor}")


def _ids(rule) -> dict[str, str | None]:
    """Argument -> kind, for every `<id(...)>` argument of the rule."""
    return {name: converter.kind for name, converter in rule._converters.items()
            if isinstance(converter, ErpIdConverter)}


def _role(rule) -> Role:
    return _APP.extensions["roles"][rule.endpoint]


def _url(rule, world: World, owner: int | None) -> str:
    """The rule's address naming `owner`'s objects, or a failure saying what to declare."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, ErpIdConverter):
            if converter.kind not in OBJECTS:
                pytest.fail(f"{rule.rule}: <{name}> names an ERP object of kind "
                            f"{converter.kind!r}, which this test cannot make: write "
                            f"<id('order'):{name}> (or another kind of OBJECTS), or add the kind "
                            f"to OBJECTS in tests/portal_web/test_security.py")
            values[name] = world.object_of(converter.kind, owner)
        elif _role(rule) is Role.ANYONE and isinstance(converter, UnicodeConverter):
            values[name] = "4." + "A" * 43  # a public page's token: any text will do
        else:
            pytest.fail(f"{rule.rule}: <{name}> is a {type(converter).__name__}, which the "
                        f"access matrix cannot check on a logged-in page: name ERP objects with "
                        f"<id('kind'):{name}> and add the kind to OBJECTS")
    return re.sub(r"<(?:[^>:]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


@pytest.fixture(autouse=True)
def _no_erp_throttle(fake_erp):
    """The matrix makes more than the ERP's 200 requests a minute in all, through one portal
    whose pacing counts the ERP's answers across tests; throttling is checked elsewhere."""
    fake_erp.set_faults(throttle_per_minute=100_000)


@pytest.fixture(scope="module")
def world(module_portal, erp_server):
    control = FakeErpControl(erp_server)
    yield World(module_portal, control)
    control.http.close()


@pytest.fixture(autouse=True)
def _forget_the_erps_count(world):
    """Every test resets the fake ERP's throttle window (`fake_erp`), which a real ERP never
    does; the module's one client would keep pacing itself on the count of the window before
    and, after 200 requests, wait a minute. It learns the count again from its next answer."""
    world.portal.erp.limiter.block(0)


def _owner_role(rule) -> Role | None:
    """Whose objects the route's ids name: its role's (a public page's: the kind's owner's)."""
    kinds = list(_ids(rule).values())
    if not kinds:
        return None
    if _role(rule) is not Role.ANYONE:
        return _role(rule)
    return OBJECTS[kinds[0]].owner if kinds[0] in OBJECTS else None


def _visit(world: World, rule, method: str, visitor: str):
    """Opens the route as the visitor, naming the objects of the person the route is for."""
    owner_role = _owner_role(rule)
    owner = world.person(owner_role) if owner_role else None
    if visitor == "anonymous":
        shopper = world.shopper(None)
    elif visitor == "stranger":
        shopper = world.shopper(_role(rule), other=True)
    else:
        shopper = world.shopper(Role(visitor))
    if owner_role is not None and owner_role.value == visitor:  # the owner's own session
        for kind in _ids(rule).values():
            if kind in OBJECTS and OBJECTS[kind].claim:
                OBJECTS[kind].claim(shopper, world.object_of(kind, owner))
    url = _url(rule, world, owner)
    form = {"quantity": 1, "product_id": world.product_id, **_SUPPLIER_FORM}
    answer = (shopper.get(url, allow_redirects=False) if method == "GET"
              else shopper.post(url, form, allow_redirects=False))
    return shopper, answer


@pytest.mark.parametrize(("rule", "method", "visitor"), list(_cases()))
def test_every_route_answers_each_visitor_as_its_area_declares(world, fake_erp, rule, method,
                                                              visitor):
    shopper, answer = _visit(world, rule, method, visitor)
    role = _role(rule)
    assert answer.status_code < 500, answer.text
    if role is Role.ANYONE:
        assert answer.headers.get("Location") != "/signed-out" or method == "POST"
    elif visitor == "anonymous":
        assert answer.status_code == 302 and answer.headers["Location"] == "/signed-out"
    elif visitor == "stranger" or role.value != visitor:
        assert answer.status_code == 404
        assert _CSRF.sub("", answer.text) == _CSRF.sub("", shopper.get("/no-such-page").text)
    else:
        assert answer.status_code != 404, "the visitor's own objects must be found"
    shopper.session.close()


def test_the_public_endpoints_are_only_the_expected_ones():
    public = {endpoint for endpoint, role in _APP.extensions["roles"].items()
              if role is Role.ANYONE}
    assert public == {"auth.login", "auth.redeem", "auth.logout", "auth.ended",
                      "auth.signed_out", "static", "ops.healthz", "ops.readyz", "ops.metrics",
                      "shared.quote", "shared.quote_pdf_file",
                      "webhooks.receive"}


# What the supplier's forms need to be valid, so that their owner's POST gets past the form to
# the ERP (the matrix checks that they may, and that no one else may).
_SUPPLIER_FORM = {"supplier_ref": "SUP-1", "promised": str(date.today() + timedelta(days=9)),
                  "shipped_on": str(date.today()), "carrier": "DHL", "tracking": "1Z",
                  "form_token": "t" * 22, "text": "Hello"}


def _csrf_exempt(rule) -> bool:
    """The ERP's webhooks: it cannot send a token (the secret in the address is checked)."""
    return rule.endpoint.partition(".")[0] in {bp.name for bp in csrf._exempt_blueprints}


def test_the_only_post_without_a_csrf_token_is_the_erps_webhook():
    exempt = {rule.endpoint for rule, method in _routes() if method == "POST"
              and _csrf_exempt(rule)}
    assert exempt == {"webhooks.receive"}


def test_every_post_is_refused_without_a_csrf_token(world, fake_erp):
    shopper = world.shopper(Role.CUSTOMER)
    posts = [rule for rule, method in _routes() if method == "POST" and not _csrf_exempt(rule)]
    assert len(posts) >= 6
    urls = [_url(rule, world, world.person(_owner_role(rule) or Role.CUSTOMER))
            for rule in posts]  # objects made before the count
    fake_erp.reset()
    for rule, url in zip(posts, urls, strict=True):
        answer = shopper.post(url, {"quantity": 1, "product_id": 1}, csrf=False,
                              allow_redirects=False)
        assert answer.status_code == 400, rule.rule
        assert "This form has expired" in answer.text
    writes = [k for k in fake_erp.requests()["by_endpoint"] if not k.startswith("GET")]
    assert writes == []
    assert "Test Company" in shopper.get("/").text  # still logged in: nothing happened


def test_pages_carry_security_headers(shopper, customer):
    page = shopper.get("/catalog")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"


def test_text_from_the_erp_is_escaped(shopper, make_customer, fake_erp):
    contact_id = make_customer()
    fake_erp.patch(f"/contact-service/contact/{contact_id}",
                   [{"op": "replace", "path": "/organisation/name",
                     "value": '<script>alert(1)</script>"'}])
    shopper.login(contact_id)
    page = shopper.get("/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("field", ["price", "unitPrice", "total", "net", "priceListId",
                                   "currencyCode", "contactId", "orderStatusId"])
def test_extra_form_fields_cannot_change_the_order(shopper, customer, field):
    from tests.portal_web.conftest import product_ids_on

    product_id = product_ids_on(shopper.get("/catalog").text)[0]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 2, field: "0.01"})
    address = re.search(r'name="address_id"[^>]*value="([^"]+)"', shopper.get("/cart").text)
    placed = shopper.post("/cart/checkout", {"address_id": address.group(1), field: "1"})
    order = shopper.portal.erp.orders.get(int(placed.url.rsplit("/", 2)[1]))
    expected = shopper.portal.erp.catalog.prices([product_id], order.price_list_id)[product_id]
    assert order.rows[0].net == expected.unit_price(2) * 2
    assert order.customer_id == customer and order.status_name == "Confirmed"


@pytest.mark.parametrize("order_id", ["0", "-1", "1.0", "99999999999999999999", "007"])
def test_ids_that_cannot_name_an_erp_object_are_a_plain_404(shopper, customer, fake_erp,
                                                           order_id):
    fake_erp.reset()
    assert shopper.get(f"/orders/{order_id}").status_code == 404
    assert shopper.post(f"/orders/{order_id}/reorder").status_code == 404
    assert fake_erp.requests()["total"] == 0


@pytest.mark.parametrize("product_id", ["0", "-1", "99999999999999999999", "1.5", "x"])
def test_a_malformed_product_id_is_refused_with_a_message(shopper, customer, product_id):
    page = shopper.post("/cart/items", {"product_id": product_id, "quantity": 1})
    assert page.status_code == 400
    assert 'class="error-summary"' in page.text
