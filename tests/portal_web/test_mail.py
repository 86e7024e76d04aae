"""The portal's mail module against real SMTP servers (aiosmtpd on loopback): the URL setting,
multipart messages with attachments, headers that cannot be forged, STARTTLS and login, and
failures said in one line. Also `make run`'s mail sink."""

from __future__ import annotations

import smtplib
import ssl
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from portal_web.mail import (
    Attachment,
    Email,
    HeaderError,
    Mailer,
    MailError,
    SmtpServer,
    build_message,
)
from portal_web.mail.smtp import _safe
from tests import fixtures_mail
from tests.fixtures_mail import MailSink, free_port

TLS = Path(__file__).resolve().parents[1] / "tls"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example", ("smtp", "mail.example", 25, "", "")),
    ("smtps://mail.example", ("smtps", "mail.example", 465, "", "")),
    ("smtp://ann%40acme:p%3Ass@mail.example:587", ("smtp", "mail.example", 587, "ann@acme",
                                                    "p:ss")),
])
def test_an_smtp_url_names_server_port_and_login(url, expected):
    server = SmtpServer.from_url(url)
    assert (server.scheme, server.host, server.port, server.username,
            server.password) == expected
    assert "p:ss" not in repr(server)


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://h:99999",
                                 "smtp://h/path", "smtp://h?x=1"])
def test_a_bad_smtp_url_is_refused(url):
    with pytest.raises(ValueError):
        SmtpServer.from_url(url)


def test_a_password_never_appears_in_a_message_about_the_url():
    assert _safe("smtp://ann:secret@mail.example") == "smtp://ann:***@mail.example"


def _email(**changes) -> Email:
    fields = {"to": ("ann@buyer.example",), "subject": "Quote #7", "text": "Hello",
              "html": "<p>Hello</p>",
              "attachments": (Attachment("quote-7.pdf", b"%PDF-1.4 test"),)}
    return Email(**{**fields, **changes})


def test_a_message_is_text_and_html_with_its_attachment(mailbox):
    Mailer(SmtpServer.from_url(mailbox.url), "Portal <portal@seller.example>").send(_email())
    (received,) = mailbox.messages
    message = received.message
    assert received.mail_from == "portal@seller.example"
    assert message.get_body(("plain",)).get_content().strip() == "Hello"
    assert message.get_body(("html",)).get_content().strip() == "<p>Hello</p>"
    (pdf,) = message.iter_attachments()
    assert (pdf.get_filename(), pdf.get_content()) == ("quote-7.pdf", b"%PDF-1.4 test")
    assert message["Message-ID"].endswith("@seller.example>") and message["Date"]


@pytest.mark.parametrize("changes", [
    {"subject": "Quote\r\nBcc: thief@evil.example"},
    {"subject": "Quote\u2028Bcc: thief@evil.example"},  # a break the email package sees too
    {"to": ("ann@buyer.example\nBcc: thief@evil.example",)},
    {"reply_to": "ann@buyer.example\r\nBcc: thief@evil.example"},
    {"attachments": (Attachment("q.pdf\r\nBcc: thief@evil.example", b"x"),)},
])
def test_a_header_with_a_line_break_is_refused_and_nothing_is_sent(mailbox, changes):
    with pytest.raises(HeaderError):
        Mailer(SmtpServer.from_url(mailbox.url), "portal@seller.example").send(_email(**changes))
    assert mailbox.messages == []


def test_a_server_that_does_not_answer_is_one_mail_error():
    port = free_port()
    fixtures_mail._ALLOWED.add(("127.0.0.1", port))
    try:
        with pytest.raises(MailError, match=f"127.0.0.1:{port} failed: ConnectionRefusedError"):
            Mailer(SmtpServer.from_url(f"smtp://127.0.0.1:{port}"), "p@s.example").send(_email())
    finally:
        fixtures_mail._ALLOWED.discard(("127.0.0.1", port))


@pytest.fixture
def tls_server(monkeypatch):
    """An SMTP server on loopback that requires STARTTLS, then a login (ann / s3cret)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "smtp-test-cert.pem", TLS / "smtp-test-key.pem")
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "smtp-test-cert.pem"))  # trust the test's CA
    sink = MailSink("localhost", free_port())

    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"ann",
                                                                                  b"s3cret")
        return AuthResult(success=ok, handled=False)  # False: the server answers 535 itself

    controller = Controller(sink, hostname="127.0.0.1", port=sink.port, tls_context=context,
                            require_starttls=True, auth_required=True,
                            authenticator=authenticate, server_hostname="localhost",
                            auth_exclude_mechanism=["LOGIN"])  # PLAIN only: one attempt
    controller.start()
    fixtures_mail._ALLOWED.add(("localhost", sink.port))
    yield sink
    fixtures_mail._ALLOWED.discard(("localhost", sink.port))
    controller.stop()


def test_starttls_then_login_then_the_message(tls_server):
    url = f"smtp://ann:s3cret@localhost:{tls_server.port}"
    Mailer(SmtpServer.from_url(url), "portal@seller.example").send(_email())
    assert len(tls_server.messages) == 1


def test_a_wrong_password_is_a_mail_error(tls_server):
    url = f"smtp://ann:wrong@localhost:{tls_server.port}"
    with pytest.raises(MailError, match="SMTPAuthenticationError"):
        Mailer(SmtpServer.from_url(url), "portal@seller.example").send(_email())
    assert tls_server.messages == []


def test_a_password_is_never_sent_in_clear_to_a_remote_server():
    """No STARTTLS offered by a host that is not loopback: refused before the login."""

    class _NoTls:
        def ehlo(self):
            return None

        def has_extn(self, name):
            return False

        def login(self, *args):
            raise AssertionError("the password went out in clear")

    server = SmtpServer.from_url("smtp://ann:s3cret@mail.example")
    with pytest.raises(MailError, match="offers no STARTTLS"):
        server._secure_and_login(_NoTls())


def test_the_mail_sink_prints_one_line_per_message_and_saves_it(tmp_path):
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "devtools.mail_sink", "--port", str(port),
                             "--dir", str(tmp_path / "mail")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert sink.stdout.readline().startswith(f"mail sink: smtp://127.0.0.1:{port}")
        with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
            smtp.send_message(build_message(_email(subject="Quote #7 «x»"), "p@s.example"))
        line = sink.stdout.readline()
    finally:
        sink.terminate()
        assert sink.wait(timeout=10) == 0
        sink.stdout.close()
    (saved,) = (tmp_path / "mail").glob("*.eml")
    assert line == f"mail: p@s.example -> ann@buyer.example 'Quote #7 «x»' [quote-7.pdf] " \
                   f"saved as {saved}\n"
    parsed = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Quote #7 «x»"
