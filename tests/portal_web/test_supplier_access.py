"""Suppliers get in as customers do (the same link, the same hash in the ERP, the same
revocation), land on their purchase orders, see their own menu, and stay in their own pages."""

from __future__ import annotations

import time
from dataclasses import replace

from portal_web.auth.services import invite, recheck, revoke
from portal_web.auth.tokens import ACCESS_FIELD, Grant
from portal_web.auth.user import Profile
from portal_web.cli import main
from tests.fixtures_portal import Shopper

CUSTOMER_PAGES = ("/", "/catalog", "/cart", "/orders")


def test_a_supplier_link_lands_on_their_purchase_orders_with_their_own_menu(shopper,
                                                                             make_supplier):
    contact_id = make_supplier()
    invitation = invite(shopper.portal.erp, contact_id, shopper.portal.url)
    assert invitation.email_subject == "Your access to our supplier portal"
    assert "acknowledge them and record what you ship" in invitation.email_body
    stored = shopper.portal.erp.contacts.custom_fields(contact_id)[ACCESS_FIELD]
    assert stored.startswith("v1:") and invitation.link.rsplit(".", 1)[1] not in stored
    page = shopper.open_link(invitation.link)
    assert page.url == shopper.portal.url + "/supplier/purchase-orders"
    assert '<a class="brand" href="/supplier/purchase-orders">Supplier portal</a>' in page.text
    assert ">Purchase orders</a>" in page.text
    for customer_entry in ("Catalog", "My orders", "Cart"):
        assert f">{customer_entry}" not in page.text


def test_a_suppliers_session_reaches_no_customer_page(shopper, supplier):
    for path in CUSTOMER_PAGES:
        assert shopper.get(path).status_code == 404, path
    assert shopper.post("/cart/items", {"product_id": 1, "quantity": 1}).status_code == 404


def test_a_customers_session_reaches_no_supplier_page(shopper, customer):
    for path in ("/supplier/purchase-orders", "/supplier/purchase-orders.csv",
                 "/supplier/purchase-orders/16", "/supplier/purchase-orders/16.csv"):
        assert shopper.get(path).status_code == 404, path


def test_a_supplier_session_survives_its_access_recheck(portal_with, make_supplier, fake_erp):
    """The structure engineer's note: "the 55 s access re-check ends any supplier session"."""
    portal = portal_with(access_recheck_s=0.2)
    supplier = Shopper(portal)
    assert supplier.login(make_supplier()).status_code == 200
    time.sleep(0.3)
    fake_erp.reset()
    page = supplier.get("/supplier/purchase-orders")
    assert page.status_code == 200 and "Purchase orders" in page.text
    assert fake_erp.requests()["by_endpoint"].get(
        "GET contact-service/contact/{id}/custom-field") == 1  # the re-check did run


def test_revoking_a_supplier_kills_the_link_and_ends_the_session(portal_with, make_supplier):
    portal = portal_with(access_recheck_s=0.3)
    supplier = Shopper(portal)
    contact_id = make_supplier()
    link = invite(portal.erp, contact_id, portal.url).link
    assert supplier.open_link(link).status_code == 200
    revoke(portal.erp, contact_id)
    assert Shopper(portal).open_link(link).status_code == 404
    time.sleep(0.4)
    ended = supplier.get("/supplier/purchase-orders")
    assert ended.status_code == 403 and "Your access has ended" in ended.text


def test_a_session_whose_role_the_erp_no_longer_confirms_ends_at_its_recheck(portal,
                                                                            make_supplier):
    """A session's role is fixed at login; were the contact a customer then and a supplier now
    (or the reverse), the re-check ends the session rather than keep the old role's pages."""
    contact_id = make_supplier()
    invite(portal.erp, contact_id, portal.url)
    grant = Grant.parse(portal.erp.contacts.custom_fields(contact_id)[ACCESS_FIELD])
    as_supplier = Profile(contact_id, "supplier", "Test", "Test Company", None, "GBP", None,
                          grant.fingerprint)
    assert recheck(portal.erp, as_supplier).profile.role == "supplier"
    as_customer = replace(as_supplier, role="customer")
    assert recheck(portal.erp, as_customer).profile is None


def test_a_supplier_logs_out_like_anyone(shopper, supplier):
    assert shopper.post("/logout").url.endswith("/signed-out")
    assert shopper.get("/supplier/purchase-orders", allow_redirects=False).status_code == 302


def test_portal_invite_and_revoke_work_for_a_supplier(monkeypatch, portal, make_supplier,
                                                      capsys):
    monkeypatch.setenv("PORTAL_ERP_BASE_URL", portal.settings.erp.base_url)
    monkeypatch.setenv("PORTAL_PUBLIC_URL", portal.url)
    contact_id = make_supplier()
    assert main(["invite", str(contact_id)]) == 0
    out = capsys.readouterr().out
    link = out.splitlines()[0].removeprefix("Login link: ")
    assert "Subject: Your access to our supplier portal" in out
    assert Shopper(portal).open_link(link).url == portal.url + "/supplier/purchase-orders"
    assert main(["revoke", str(contact_id)]) == 0
    assert Shopper(portal).open_link(link).status_code == 404
