"""Email for the whole portal: one way to build a message and one way to send it.

Every message the portal sends (a shared quote, an invitation) is an `Email`: recipients, a
subject, a plain-text body, an optional HTML body and attachments. `Mailer.send` builds a
multipart message from it (text and HTML as alternatives, attachments beside them) and hands it
to the server of `PORTAL_SMTP_URL` (`portal_web/mail/smtp.py`), from `PORTAL_MAIL_FROM`.

Headers never carry a line break: recipients are checked one plain address each, names and
subjects are checked by `headers.header_value` (and the SMTP policy of the standard library
refuses a line break in any header again, as a second guard), so nothing a customer types or
the ERP holds can add a `Bcc:`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from portal_web.mail.headers import HeaderError, header_value, one_line, plain_address, recipient
from portal_web.mail.smtp import MailError, SmtpServer

log = logging.getLogger(__name__)

__all__ = ["Attachment", "Email", "HeaderError", "MailError", "Mailer", "SmtpServer",
           "build_message", "header_value", "one_line", "plain_address", "recipient"]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class Email:
    """A message to send. `to` holds header-ready recipients (`recipient()` or plain ones)."""

    to: tuple[str, ...]
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None


class Mailer:
    """Sends `Email`s from one sender through one server; holds no connection between sends."""

    def __init__(self, server: SmtpServer, sender: str) -> None:
        self.server, self.sender = server, sender

    @classmethod
    def from_settings(cls, settings) -> Mailer:
        return cls(SmtpServer.from_url(settings.smtp_url), settings.mail_from)

    def send(self, email: Email) -> tuple[str, ...]:
        """Sends the message; the addresses the server refused (the others got it).

        MailError when nothing could be sent; HeaderError when a header would break a line.
        """
        message = build_message(email, self.sender)
        refused = self.server.send(message)
        log.info("mail %s sent to %d recipient(s), %d refused", message["Message-ID"],
                 len(email.to) - len(refused), len(refused))
        return tuple(refused)


def build_message(email: Email, sender: str) -> EmailMessage:
    """The MIME message: multipart/alternative text and HTML, then the attachments."""
    if not email.to:
        raise ValueError("a message needs at least one recipient")
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = header_value("sender", sender)
    message["To"] = ", ".join(header_value("recipient", to) for to in email.to)
    if email.reply_to:
        message["Reply-To"] = header_value("reply-to address", email.reply_to)
    message["Subject"] = header_value("subject", email.subject)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message.set_content(email.text)
    if email.html is not None:
        message.add_alternative(email.html, subtype="html")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.mime_type.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=header_value("file name", attachment.filename))
    return message


def _domain(sender: str) -> str:
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"
