"""Login links: Continue page, login, the same polite page for any bad link, revoke, logout."""

import time

import pytest
import requests

from portal_web.auth.services import invite, revoke
from portal_web.auth.tokens import ACCESS_FIELD
from tests.fixtures_erp import STAFF_IDS
from tests.fixtures_portal import Shopper
from tests.portal_web.conftest import product_ids_on


def test_opening_a_link_shows_continue_and_asks_nothing_of_the_erp(shopper, make_customer,
                                                                    fake_erp):
    link = invite(shopper.portal.erp, make_customer(), shopper.portal.url).link
    fake_erp.reset()
    page = shopper.get(link.removeprefix(shopper.portal.url))
    assert page.status_code == 200
    assert "Continue" in page.text
    assert fake_erp.requests()["total"] == 0
    assert shopper.get("/catalog", allow_redirects=False).status_code == 302  # not logged in yet


def test_continue_logs_in_and_lands_on_the_dashboard_without_the_token(shopper, make_customer):
    link = invite(shopper.portal.erp, make_customer(), shopper.portal.url).link
    page = shopper.open_link(link)
    assert page.status_code == 200
    assert page.url == shopper.portal.url + "/"
    assert "Balance owed" in page.text
    assert "Test Company" in page.text  # the company name in the navigation bar


def test_the_erp_keeps_only_a_hash_of_the_secret(shopper, make_customer):
    contact_id = make_customer()
    link = invite(shopper.portal.erp, contact_id, shopper.portal.url).link
    secret = link.rsplit(".", 1)[1]
    stored = shopper.portal.erp.contacts.custom_fields(contact_id)[ACCESS_FIELD]
    assert secret not in stored
    assert stored.startswith("v1:")


def test_wrong_malformed_and_revoked_links_get_the_same_page_and_status(shopper, make_customer):
    contact_id = make_customer()
    link = invite(shopper.portal.erp, contact_id, shopper.portal.url).link
    path = link.removeprefix(shopper.portal.url)
    revoke(shopper.portal.erp, contact_id)
    answers = [shopper.post(p) for p in (
        path,                                   # revoked
        path[:-2] + ("AA" if not path.endswith("AA") else "BB"),  # wrong secret
        "/login/999999." + "A" * 43,            # unknown contact
        "/login/not-a-token",                   # malformed
    )]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text.replace(shopper.csrf or "", "") for a in answers}) == 1
    assert "This link does not work" in answers[0].text


def test_a_new_invite_replaces_the_old_link(shopper, make_customer):
    contact_id = make_customer()
    old = invite(shopper.portal.erp, contact_id, shopper.portal.url).link
    invite(shopper.portal.erp, contact_id, shopper.portal.url)
    assert shopper.open_link(old).status_code == 404


def test_staff_cannot_be_invited(portal):
    from portal_web.auth.services import AccessError

    with pytest.raises(AccessError, match="is staff"):
        invite(portal.erp, STAFF_IDS[0], portal.url)


def test_revoking_ends_a_live_session_at_its_next_recheck(portal_with, make_customer):
    portal = portal_with(access_recheck_s=0.5)
    shopper = Shopper(portal)
    contact_id = make_customer()
    assert shopper.login(contact_id).status_code == 200
    revoke(portal.erp, contact_id)
    assert shopper.get("/catalog").status_code == 200  # within the re-check period
    time.sleep(0.6)
    ended = shopper.get("/catalog")
    assert ended.status_code == 403
    assert "Your access has ended" in ended.text
    assert shopper.get("/orders", allow_redirects=False).headers["Location"] == "/signed-out"


def test_a_session_survives_its_recheck_while_access_stands(portal_with, make_customer,
                                                            fake_erp):
    portal = portal_with(access_recheck_s=0.2)
    shopper = Shopper(portal)
    assert shopper.login(make_customer()).status_code == 200
    time.sleep(0.3)
    fake_erp.reset()
    assert shopper.get("/cart").status_code == 200
    by_endpoint = fake_erp.requests()["by_endpoint"]
    assert by_endpoint.get("GET contact-service/contact/{id}/custom-field") == 1


@pytest.fixture
def strict_portal(portal_with):
    """A portal that allows 3 failed login attempts a minute per client address and contact."""
    return portal_with(login_rate="3/minute")


def _wrong_link(contact_id: int) -> str:
    return f"/login/{contact_id}." + "B" * 43


def test_failed_login_attempts_are_limited_per_address_and_contact(strict_portal,
                                                                  make_customer):
    visitor = Shopper(strict_portal)
    contact_id = make_customer()
    statuses = [visitor.post(_wrong_link(contact_id)).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert "Too many attempts" in visitor.post(_wrong_link(contact_id)).text
    malformed = [visitor.post("/login/not-a-token").status_code for _ in range(4)]
    assert malformed == [404, 404, 404, 429]


def test_one_contacts_failed_attempts_do_not_lock_out_another_behind_the_same_address(
        strict_portal, make_customer):
    """Issue 7: keyed on the client address alone, one attacker behind a proxy locked
    everyone out."""
    attacker, customer = Shopper(strict_portal), Shopper(strict_portal)
    victim = make_customer()
    for _ in range(5):
        attacker.post(_wrong_link(victim))
    assert customer.login(make_customer()).url == strict_portal.url + "/"


def test_a_valid_link_gets_in_even_when_its_contact_is_over_the_limit(strict_portal,
                                                                      make_customer, fake_erp):
    """Issue 7: only failed attempts count, and a valid link always gets in."""
    attacker, customer = Shopper(strict_portal), Shopper(strict_portal)
    contact_id = make_customer()
    link = invite(strict_portal.erp, contact_id, strict_portal.url).link
    for _ in range(4):
        attacker.post(_wrong_link(contact_id))
    fake_erp.reset()
    refused = [attacker.post(_wrong_link(contact_id)).status_code for _ in range(10)]
    assert refused == [429] * 10
    by_endpoint = fake_erp.requests()["by_endpoint"]
    assert by_endpoint.get("GET contact-service/contact/{id}/custom-field", 0) <= 1
    assert customer.open_link(link).url == strict_portal.url + "/"


def test_successful_logins_do_not_count_against_the_limit(strict_portal, make_customer):
    customer = Shopper(strict_portal)
    contact_id = make_customer()
    link = invite(strict_portal.erp, contact_id, strict_portal.url).link
    for _ in range(5):
        assert customer.open_link(link).url == strict_portal.url + "/"


def test_logout_is_a_post_and_ends_the_session(shopper, customer):
    assert shopper.get("/logout").status_code == 405
    assert shopper.post("/logout").url.endswith("/signed-out")
    assert shopper.get("/cart", allow_redirects=False).status_code == 302


def test_after_logout_the_page_says_signed_out_not_please_sign_in(shopper, customer):
    """Issue 7: after logging out the page said "Please sign in", with status 401."""
    page = shopper.post("/logout")
    assert page.status_code == 200
    assert "You are signed out" in page.text and "Please sign in" not in page.text
    later = shopper.get("/cart")  # any other visit without a session is the sign-in page
    assert later.status_code == 401 and "Please sign in" in later.text


def test_logout_ends_the_session_wherever_its_cookie_was_copied(portal_with,
                                                                 make_customer):
    """Issue 7: a copied session cookie still worked after POST /logout."""
    portal = portal_with(access_recheck_s=0.0)
    shopper = Shopper(portal)
    contact_id = make_customer()
    shopper.login(contact_id)
    copy = requests.Session()
    copy.cookies.update(shopper.session.cookies)
    assert copy.get(portal.url + "/cart", timeout=10).status_code == 200
    shopper.post("/logout")
    after = copy.get(portal.url + "/cart", timeout=10, allow_redirects=False)
    assert after.status_code == 302 and after.headers["Location"] == "/signed-out"
    assert copy.get(portal.url + "/orders", allow_redirects=False,
                    timeout=10).status_code == 302  # and it stays ended
    assert shopper.login(contact_id).status_code == 200  # the link itself still works
    assert shopper.get("/cart").status_code == 200


def test_the_session_cookie_is_httponly_and_samesite_lax(shopper, make_customer):
    page = shopper.login(make_customer())
    cookie = page.history[0].headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_login_starts_a_fresh_session_with_nothing_of_the_last_one(shopper, make_customer):
    first, second = make_customer(), make_customer()
    shopper.login(first)
    product_id = product_ids_on(shopper.get("/catalog").text)[0]
    shopper.post("/cart/items", {"product_id": product_id, "quantity": 2})
    assert 'aria-label="1 products in the cart"' in shopper.get("/cart").text
    page = shopper.login(second)
    assert 'aria-label="0 products in the cart"' in page.text


def test_logout_during_an_erp_outage_still_closes_this_session_and_says_so(shopper, customer,
                                                                            fake_erp):
    fake_erp.set_faults(error_rate=1.0, error_status=503)
    page = shopper.post("/logout")
    fake_erp.set_faults(error_rate=0.0)
    assert page.status_code == 200 and "You are signed out" in page.text
    assert "could not reach our order system" in page.text
    assert shopper.get("/cart", allow_redirects=False).status_code == 302


def test_the_favicon_is_served_to_anyone_without_a_redirect(portal):
    """Issue 7: /favicon.ico redirected to the sign-in page (401) on every page view."""
    answer = requests.get(portal.url + "/favicon.ico", allow_redirects=False, timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] in ("image/vnd.microsoft.icon", "image/x-icon")
    assert answer.content.startswith(b"\x00\x00\x01\x00")  # an .ico file
    assert "max-age" in answer.headers.get("Cache-Control", "") or answer.headers.get("ETag")
