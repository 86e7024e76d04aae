"""Areas declare their role and menu: the app registers them from one list and refuses the rest."""

from __future__ import annotations

import re
import sys
import time
import types

import pytest
from flask import Blueprint

import portal_web
from portal_web import create_app
from portal_web.areas import Area, AreaError, Role
from portal_web.auth.user import Profile
from portal_web.settings import Settings
from tests.fixtures_portal import Shopper

_MENU = re.compile(r'<ul class="menu">(.*?)</ul>', re.S)


def _area_module(monkeypatch, name: str, bp) -> None:
    """Adds `portal_web.<name>` (holding `bp`) to the app's list of areas."""
    module = types.ModuleType(f"portal_web.{name}")
    module.bp = bp
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(portal_web, "AREAS", (*portal_web.AREAS, name))


def test_a_blueprint_that_declares_no_role_stops_the_start(monkeypatch):
    _area_module(monkeypatch, "rogue", Blueprint("rogue", __name__))
    with pytest.raises(AreaError, match=r"portal_web.rogue.bp is not an Area.*role=Role"):
        create_app(Settings(env="test"))


def test_a_route_outside_any_area_stops_the_start(monkeypatch):
    area = Area("holder", __name__, role=Role.CUSTOMER)
    inner = Blueprint("inner", __name__)
    inner.add_url_rule("/inner", "page", lambda: "inner")
    area.register_blueprint(inner)
    _area_module(monkeypatch, "holder", area)
    with pytest.raises(AreaError, match=r"route /inner \(holder.inner.page\) belongs to no Area"):
        create_app(Settings(env="test"))


def test_an_area_role_must_be_a_role():
    with pytest.raises(AreaError, match="role must be a Role"):
        Area("loose", __name__, role="customer")


def test_a_route_added_behind_the_areas_back_is_refused_at_request_time():
    app = create_app(Settings(env="test", secret_key="k" * 40))
    app.add_url_rule("/late", "late", lambda: "should never be served")
    client = app.test_client()
    answer = client.get("/late")
    assert answer.status_code == 302 and answer.headers["Location"] == "/signed-out"
    profile = Profile(7, "customer", "Ann", "Ann Ltd", None, "GBP", None, "f" * 16)
    with client.session_transaction() as session:
        session.update(profile=profile.to_session(), checked_at=time.time(), _user_id="7")
    refused = client.get("/late")
    assert refused.status_code == 404
    assert b"Ann Ltd" in refused.data  # logged in (the bar names the company), and refused


def test_the_menu_and_home_link_follow_the_logged_in_role(portal, make_customer,
                                                        make_supplier):
    supplier, customer = Shopper(portal), Shopper(portal)
    supplier.login(make_supplier())
    customer.login(make_customer())

    page = supplier.get("/supplier/purchase-orders")
    assert page.status_code == 200
    menu = _MENU.search(page.text).group(1)
    assert re.findall(r">([^<]+)</a>", menu) == ["Purchase orders"]
    assert 'aria-current="page"' in menu
    assert '<a class="brand" href="/supplier/purchase-orders">' in page.text
    assert supplier.get("/catalog").status_code == 404

    home = customer.get("/")
    labels = re.findall(r">([^<>]+?)(?: <span|</a>)", _MENU.search(home.text).group(1))
    assert labels == ["Catalog", "Cart", "My orders", "Quotes", "Invoices", "Addresses",
                      "Account"]
    assert '<a class="brand" href="/">' in home.text
    assert customer.get("/supplier/purchase-orders").status_code == 404


def test_a_visitor_without_a_session_has_no_menu(portal):
    page = Shopper(portal).get("/signed-out")
    assert '<ul class="menu">' not in page.text
    assert '<a class="brand" href="#">' in page.text
