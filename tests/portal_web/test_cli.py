"""`portal invite` and `portal revoke`: a link and an email, or one line saying what is wrong."""

import subprocess
import sys
from email.utils import getaddresses

import pytest

from portal_web.cli import main
from tests.fixtures_erp import STAFF_IDS
from tests.fixtures_portal import Shopper


@pytest.fixture
def cli_env(monkeypatch, portal):
    monkeypatch.setenv("PORTAL_ERP_BASE_URL", portal.settings.erp.base_url)
    monkeypatch.setenv("PORTAL_PUBLIC_URL", portal.url)
    monkeypatch.setenv("PORTAL_ERP_DEADLINE_S", "2")


def test_invite_prints_a_working_link_and_an_email(cli_env, portal, make_customer, capsys):
    contact_id = make_customer()
    assert main(["invite", str(contact_id)]) == 0
    out = capsys.readouterr().out
    link = out.splitlines()[0].removeprefix("Login link: ")
    assert link.startswith(f"{portal.url}/login/{contact_id}.")
    assert "To: Test Company" in out and "@customer.example>" in out
    assert "Subject: Your access to our customer portal" in out
    assert link in out.split("Subject:")[1]  # the email carries the same link
    assert Shopper(portal).open_link(link).url == portal.url + "/"  # the customers' landing


def test_revoke_kills_the_link(cli_env, portal, make_customer, capsys):
    contact_id = make_customer()
    main(["invite", str(contact_id)])
    link = capsys.readouterr().out.splitlines()[0].removeprefix("Login link: ")
    assert main(["revoke", str(contact_id)]) == 0
    assert "revoked" in capsys.readouterr().out
    assert Shopper(portal).open_link(link).status_code == 404


@pytest.mark.parametrize("contact, message", [
    ("999999", "contact 999999 does not exist in the ERP"),
    (str(STAFF_IDS[0]), "is staff: only customers and suppliers"),
])
def test_a_contact_that_cannot_be_invited_gets_one_line(cli_env, capsys, contact, message):
    assert main(["invite", contact]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_malformed_contact_id_is_refused_by_the_parser(cli_env, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["invite", "abc"])
    assert exit_.value.code == 2
    assert "is not a contact id" in capsys.readouterr().err


def test_an_unreachable_erp_is_one_line_and_exit_status_1(monkeypatch, capsys):
    monkeypatch.setenv("PORTAL_ERP_BASE_URL", "http://127.0.0.1:9/public-api/demo")
    monkeypatch.setenv("PORTAL_ERP_DEADLINE_S", "1")
    assert main(["invite", "4"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("portal: the ERP failed:") and len(err.strip().splitlines()) == 1


def test_a_bad_setting_stops_the_command_with_its_name(monkeypatch, capsys):
    monkeypatch.setenv("PORTAL_ERP_BASE_URL", "not a url")
    assert main(["revoke", "4"]) == 2
    assert "PORTAL_ERP_BASE_URL" in capsys.readouterr().err


def test_the_console_script_runs(cli_env, make_customer):
    out = subprocess.run([sys.executable, "-m", "portal_web.cli", "invite",
                          str(make_customer())], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Login link: ")


def test_settings_can_come_from_a_dotenv_file(cli_env, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("PORTAL_ERP_BASE_URL")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PORTAL_ERP_BASE_URL=not-a-url\n")
    assert main(["revoke", "4"]) == 2
    assert "PORTAL_ERP_BASE_URL='not-a-url'" in capsys.readouterr().err


def _rename(fake_erp, contact_id: int, path: str, value: str) -> None:
    answer = fake_erp.patch(f"/contact-service/contact/{contact_id}",
                            [{"op": "replace", "path": path, "value": value}])
    assert answer.status_code == 200, answer.text


def _to_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("To: ")).removeprefix("To: ")


def test_a_company_name_with_a_comma_stays_one_recipient(cli_env, fake_erp, make_customer,
                                                         capsys):
    """Issue 7: a company name with a comma added a recipient to the invitation's To: line."""
    contact_id = make_customer()
    _rename(fake_erp, contact_id, "/organisation/name", "Smith, Jones <thief@evil.example>")
    assert main(["invite", str(contact_id)]) == 0
    to = _to_line(capsys.readouterr().out)
    email = fake_erp.get(f"/contact-service/contact/{contact_id}").json()["response"][0][
        "communication"]["emails"]["PRI"]["email"]
    assert getaddresses([to]) == [("Smith, Jones <thief@evil.example>", email)]


@pytest.mark.parametrize("path, value", [
    ("/organisation/name", "Acme\r\nBcc: thief@evil.example"),
    ("/organisation/name", "Acme\nBcc: thief@evil.example"),
    ("/communication/emails/PRI/email", "ann@acme.example\r\nBcc: thief@evil.example"),
    ("/communication/emails/PRI/email", "ann@acme.example, thief@evil.example"),
])
def test_a_line_break_or_second_address_is_refused_and_nothing_changes(
        cli_env, fake_erp, make_customer, capsys, path, value):
    """Issue 7: a line break in a name added headers (Bcc:) to the invitation email."""
    contact_id = make_customer()
    _rename(fake_erp, contact_id, path, value)
    before = fake_erp.get(f"/contact-service/contact/{contact_id}/custom-field").json()
    assert main(["invite", str(contact_id)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert f"contact {contact_id}" in err and "fix it in the ERP" in err
    after = fake_erp.get(f"/contact-service/contact/{contact_id}/custom-field").json()
    assert after == before  # no new link was issued


@pytest.fixture
def served(monkeypatch):
    """Records where `portal serve` would have served instead of starting gunicorn."""
    binds = []
    monkeypatch.setattr("portal_web.server._Portal.run",
                        lambda self: binds.append(self._options["bind"]))
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    return binds


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "portal.example"])
def test_serving_beyond_loopback_needs_an_explicit_secret_key(served, capsys, host):
    """Issue 7: with PORTAL_ENV unset, cookies were signed with the key in the source, and a
    forged cookie for another contact opened their orders."""
    assert main(["serve", "--host", host, "--port", "8000"]) == 2
    err = capsys.readouterr().err
    assert "PORTAL_SECRET_KEY" in err and len(err.strip().splitlines()) == 1
    assert served == []


def test_loopback_serves_with_the_development_key_and_beyond_with_a_real_one(
        served, monkeypatch):
    assert main(["serve", "--host", "127.0.0.1", "--port", "8000"]) == 0
    monkeypatch.setenv("PORTAL_SECRET_KEY", "Zq8" + "4nX-p2Rt7vLk9sWm3YbQ1cHdF6gJ0eUa")
    assert main(["serve", "--host", "0.0.0.0", "--port", "8000"]) == 0
    assert served == ["127.0.0.1:8000", "0.0.0.0:8000"]


def test_an_access_log_that_cannot_be_written_is_one_line(served, capsys, tmp_path):
    assert main(["serve", "--access-log", str(tmp_path / "missing" / "access.log")]) == 2
    assert "--access-log" in capsys.readouterr().err and served == []
    assert main(["serve", "--access-log", str(tmp_path / "access.log")]) == 0
    assert served == ["127.0.0.1:8000"]


def test_invite_send_mails_the_invitation_as_text_and_html(cli_env, portal, make_customer,
                                                           capsys, mailbox, monkeypatch):
    monkeypatch.setenv("PORTAL_SMTP_URL", mailbox.url)
    monkeypatch.setenv("PORTAL_MAIL_FROM", "Northwind portal <portal@northwind.example>")
    contact_id = make_customer()
    assert main(["invite", str(contact_id), "--send"]) == 0
    out = capsys.readouterr().out
    link = out.splitlines()[0].removeprefix("Login link: ")
    assert "Invitation sent to Test Company" in out
    (received,) = mailbox.messages
    message = received.message
    assert [a for _, a in getaddresses([message["To"]])] == [received.rcpt_tos[0]]
    assert received.rcpt_tos[0].endswith("@customer.example")
    assert message["From"] == "Northwind portal <portal@northwind.example>"
    assert link in message.get_body(("plain",)).get_content()
    assert f'href="{link}"' in message.get_body(("html",)).get_content()
    assert Shopper(portal).open_link(link).url == portal.url + "/"


def test_invite_send_with_a_dead_mail_server_prints_the_link_and_says_so(
        cli_env, make_customer, capsys, monkeypatch):
    from tests import fixtures_mail

    port = fixtures_mail.free_port()  # nothing listens there
    fixtures_mail._ALLOWED.add(("127.0.0.1", port))
    monkeypatch.setenv("PORTAL_SMTP_URL", f"smtp://127.0.0.1:{port}")
    try:
        assert main(["invite", str(make_customer()), "--send"]) == 1
    finally:
        fixtures_mail._ALLOWED.discard(("127.0.0.1", port))
    captured = capsys.readouterr()
    assert captured.out.startswith("Login link: ")
    assert "the link above was not sent" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_invite_send_to_a_contact_without_email_changes_nothing(cli_env, portal, fake_erp,
                                                                capsys, monkeypatch):
    contact_id = fake_erp.create_customer(communication={})
    assert main(["invite", str(contact_id), "--send"]) == 2
    assert "has no email address in the ERP" in capsys.readouterr().err
    assert "PCF_PORTAL" not in portal.erp.contacts.custom_fields(contact_id)
