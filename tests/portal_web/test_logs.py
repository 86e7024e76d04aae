"""Login secrets stay out of every log: gunicorn's access log and the portal's own lines."""

import logging

import requests

from portal_web.auth.services import invite
from portal_web.redaction import redact
from tests.fixtures_portal import gunicorn_portal


def test_redact_hides_the_token_wherever_it_stands():
    line = 'POST /login/4.AbC-_12 HTTP/1.1" 302 "http://p.example/login/4.AbC-_12?x=1"'
    assert redact(line) == ('POST /login/[redacted] HTTP/1.1" 302 '
                            '"http://p.example/login/[redacted]?x=1"')
    assert redact("/catalog?q=login") == "/catalog?q=login"


def test_gunicorns_access_log_never_holds_a_login_secret(fake_erp, portal, make_customer,
                                                         tmp_path):
    log_path = tmp_path / "portal.log"
    with gunicorn_portal(fake_erp.base_url, log_path, workers=1) as url:
        link = invite(portal.erp, make_customer(), url).link
        secret = link.rsplit(".", 1)[1]
        with requests.Session() as browser:
            page = browser.get(link, timeout=10)
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            landed = browser.post(link, data={"csrf_token": token}, timeout=10,
                                  headers={"Referer": link})
        assert landed.url == f"{url}/"
    logged = log_path.read_text()
    assert "/login/[redacted]" in logged
    assert secret not in logged


def test_the_portals_own_error_lines_never_hold_a_login_secret(shopper, make_customer,
                                                               fake_erp, caplog):
    link = invite(shopper.portal.erp, make_customer(), shopper.portal.url).link
    shopper.get(link.removeprefix(shopper.portal.url))
    fake_erp.set_faults(error_rate=1.0, error_status=503)
    with caplog.at_level(logging.INFO):
        answer = shopper.post(link.removeprefix(shopper.portal.url))
    fake_erp.set_faults(error_rate=0.0)
    assert answer.status_code == 503
    portal_lines = [r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug")]
    assert any("/login/[redacted]" in line for line in portal_lines)
    assert all(link.rsplit(".", 1)[1] not in line for line in portal_lines)
