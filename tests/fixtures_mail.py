"""Pytest plugin: a real SMTP server (aiosmtpd) on a free loopback port, and a guard.

`mail_sink` (session) is the server; `mailbox` empties it for a test, points the test's portal
at it and returns it. Every other test is guarded (after indico): a test that makes the portal
send mail to any other server fails, instead of mailing whatever listens on the default port.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from portal_web.mail import Mailer, MailError, SmtpServer


@dataclass(frozen=True)
class Received:
    """One message as the server received it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage


@dataclass
class MailSink:
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = message_from_bytes(envelope.original_content or envelope.content,
                                    policy=policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_ALLOWED: set[tuple[str, int]] = set()


@pytest.fixture(scope="session")
def mail_sink():
    sink = MailSink("127.0.0.1", free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture
def mailbox(mail_sink, request):
    """The sink, emptied, allowed for this test, and the mailer of the test's portal (if any)."""
    with mail_sink.lock:
        mail_sink.messages.clear()
    _ALLOWED.add((mail_sink.host, mail_sink.port))
    if "portal" in request.fixturenames:
        portal = request.getfixturevalue("portal")
        portal.app.extensions["mailer"] = Mailer(SmtpServer.from_url(mail_sink.url),
                                                 portal.settings.mail_from)
    yield mail_sink
    _ALLOWED.discard((mail_sink.host, mail_sink.port))


@pytest.fixture(autouse=True)
def _no_unexpected_mail(monkeypatch):
    """Fails the test if the portal sends mail anywhere but an allowed sink."""
    unexpected = []
    send = SmtpServer.send

    def guarded(self, message):
        if (self.host, self.port) not in _ALLOWED:
            unexpected.append((self.host, self.port, message["Subject"]))
            raise MailError("a test sent mail it did not expect")
        return send(self, message)

    monkeypatch.setattr(SmtpServer, "send", guarded)
    yield
    assert unexpected == [], f"the test sent mail it did not expect: {unexpected}"
