"""Fair shares of the ERP budget (issue 13, reproduced): a customer looping random catalog searches
got 178 pages in 40 s while every page of another customer failed, and anonymous junk login
attempts from ten addresses (each costs an ERP read) did the same."""

from __future__ import annotations

import secrets

import pytest

from tests.fixtures_portal import Shopper

SHARES = {"budget_per_minute": 100, "contact_share": 15, "login_share": 4, "login_reserve": 10}


def _other_page(n: int) -> str:
    """The other customer's pages: free at first (an empty cart), then three catalog pages
    never seen (three ERP requests each), once the looper and the flood have had their go."""
    return "/cart" if n < 9 else f"/catalog?page={n - 7}"


@pytest.fixture
def shared_portal(portal_with):
    return portal_with(erp=SHARES, proxy_count=1)  # X-Forwarded-For names the client


def _signed_in(portal, make_customer) -> Shopper:
    """A customer's session, started without spending the login pool."""
    shopper = Shopper(portal)
    shopper.sign_in_as(make_customer())
    return shopper


def test_a_customer_looping_searches_and_a_login_flood_leave_another_customer_working(
        shared_portal, make_customer, fake_erp):
    looper, other = (_signed_in(shared_portal, make_customer) for _ in range(2))
    victim_link = f"/login/{make_customer()}."
    flood = Shopper(shared_portal)
    flood.get("/login/token-for-csrf")  # a form's token, as a script would take it
    fake_erp.reset()
    looped, flooded, others = [], [], []
    for n in range(12):
        looped.append(looper.get(f"/catalog?q={n}"))
        for address in range(10):
            flooded.append(flood.post(victim_link + secrets.token_urlsafe(32), headers={
                "X-Forwarded-For": f"10.0.0.{address}"}))
        others.append(other.get(_other_page(n)))
    assert [page.status_code for page in others] == [200] * 12
    refused = [page for page in looped if page.status_code == 429]
    assert refused and {page.status_code for page in looped} <= {200, 429}
    assert "faster than our order system can follow" in refused[0].text
    assert refused[0].headers["Retry-After"] == "60"
    assert {page.status_code for page in flooded} == {404, 429}
    grant_reads = fake_erp.requests()["by_endpoint"].get(
        "GET contact-service/contact/{id}/custom-field", 0)
    assert grant_reads <= SHARES["login_share"]  # 120 attempts, at most the pool's requests
    for shopper in (looper, other, flood):
        shopper.session.close()


def test_a_customer_over_their_share_still_sees_what_they_have_seen(shared_portal,
                                                                    make_customer):
    looper = _signed_in(shared_portal, make_customer)
    assert looper.get("/catalog").status_code == 200
    statuses = [looper.get(f"/catalog?q={n}").status_code for n in range(6)]
    assert 429 in statuses
    assert looper.get("/catalog").status_code == 200  # from the cache: costs nothing
    looper.session.close()
