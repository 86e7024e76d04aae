"""The mail server: `PORTAL_SMTP_URL` read once, and one SMTP conversation per message.

`smtp://[user[:password]@]host[:port]` (port 25 by default) switches to TLS with STARTTLS when
the server offers it, and refuses to send a password in clear to any host but loopback;
`smtps://...` (port 465) speaks TLS from the first byte. A user name and password in the URL are
percent-decoded (`%40` for an `@`). Certificates are checked against the system's authorities.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

TIMEOUT_S = 10.0  # each step of the conversation; well under gunicorn's 30 s
_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class MailError(Exception):
    """The message could not be handed to the mail server; the message says why in one line."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Parses `PORTAL_SMTP_URL`; a ValueError says what is wrong with it."""
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"{_safe(url)!r} is not an smtp:// or smtps:// URL with a host")
        try:
            port = parts.port or _DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise ValueError(f"{_safe(url)!r} has a bad port") from None
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"{_safe(url)!r}: an SMTP URL has no path or query")
        return cls(parts.scheme, parts.hostname, port, unquote(parts.username or ""),
                   unquote(parts.password or ""))

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def send(self, message: EmailMessage) -> dict:
        """Hands `message` to the server; the recipients it refused (empty: all accepted).

        Every failure (refused connection, TLS, login, all recipients refused, timeout) is a
        MailError: the caller records nothing as sent.
        """
        try:
            with self._connect() as smtp:
                self._secure_and_login(smtp)
                return smtp.send_message(message)
        except MailError:
            raise
        except smtplib.SMTPRecipientsRefused:
            raise MailError("the mail server refused every recipient") from None
        except (smtplib.SMTPException, OSError) as e:
            raise MailError(f"the mail server at {self.host}:{self.port} failed: "
                            f"{type(e).__name__}") from e

    def _connect(self) -> smtplib.SMTP:
        if self.scheme == "smtps":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_S,
                                    context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S)

    def _secure_and_login(self, smtp: smtplib.SMTP) -> None:
        smtp.ehlo()
        if self.scheme == "smtp" and smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        elif self.scheme == "smtp" and self.username and not self.loopback:
            raise MailError(f"the mail server at {self.host} offers no STARTTLS: the password "
                            f"is not sent in clear")
        if self.username:
            smtp.login(self.username, self.password)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)
