"""`portal serve`, `portal invite CONTACT_ID [--send]`, `portal revoke CONTACT_ID`,
`portal webhooks install`.

Errors are one line on stderr and exit status 2 (bad input) or 1 (the ERP failed), never a
traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from dotenv import load_dotenv

from connector.errors import ErpError
from portal_web.mail import MailError
from portal_web.settings import SettingsError, load_settings


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    load_dotenv(".env", override=False)  # in the working folder, for development
    try:
        settings = load_settings()
        return args.run(args, settings)
    except (SettingsError, ValueError) as e:
        print(f"portal: bad setting: {e}", file=sys.stderr)
        return 2
    except _UserError as e:
        print(f"portal: {e}", file=sys.stderr)
        return 2
    except ErpError as e:
        print(f"portal: the ERP failed: {e}", file=sys.stderr)
        return 1
    except MailError as e:
        print(f"portal: {e}; the link above was not sent", file=sys.stderr)
        return 1


class _UserError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="The customer portal.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the portal with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="processes (default 1; more need PORTAL_CACHE_URL to share one "
                            "cache and one ERP budget)")
    serve.add_argument("--threads", type=int, default=32,
                       help="threads per process (default 32: pages mostly wait on the ERP)")
    serve.add_argument("--access-log", default="-", metavar="FILE",
                       help="where gunicorn writes one line per request (default: stdout)")
    serve.set_defaults(run=_serve)
    webhooks = commands.add_parser("webhooks", help="the ERP's webhooks")
    webhooks.add_subparsers(required=True, metavar="ACTION").add_parser(
        "install", help="subscribe this portal to the ERP's events (idempotent)",
    ).set_defaults(run=_install_webhooks)
    for name, run, text in (("invite", _invite, "print a contact's login link and email"),
                            ("revoke", _revoke, "end a contact's portal access")):
        command = commands.add_parser(name, help=text)
        command.add_argument("contact_id", type=_contact_id, metavar="CONTACT_ID")
        command.set_defaults(run=run)
        if name == "invite":
            command.add_argument("--send", action="store_true",
                                 help="also mail the invitation (PORTAL_SMTP_URL)")
    return parser


def _contact_id(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a contact id (a whole number from 1)")
    return int(raw)


def _client(settings):
    from portal_web.erp import make_client

    return make_client(settings)


def _invite(args, settings) -> int:
    from portal_web.auth.services import AccessError, invite

    erp = _client(settings)
    if args.send and not erp.contacts.get(args.contact_id).email:
        raise _UserError(f"contact {args.contact_id} has no email address in the ERP: add one, "
                         f"or leave out --send to print the link")
    try:
        invitation = invite(erp, args.contact_id, settings.public_url)
    except AccessError as e:
        raise _UserError(str(e)) from None
    print(f"Login link: {invitation.link}\n")
    if args.send:
        _send_invitation(settings, invitation)
        print(f"Invitation sent to {invitation.email_to}.")
        return 0
    print(f"To: {invitation.email_to or '(the contact has no email address in the ERP)'}")
    print(f"Subject: {invitation.email_subject}\n\n{invitation.email_body}")
    return 0


def _send_invitation(settings, invitation) -> None:
    """The invitation as a text and HTML email, from PORTAL_MAIL_FROM."""
    from markupsafe import escape

    from portal_web.mail import Email, Mailer

    link = escape(invitation.link)
    paragraphs = invitation.email_body.strip().split("\n\n")
    html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs).replace(
        str(link), f'<a href="{link}">{link}</a>')
    Mailer.from_settings(settings).send(Email(
        to=(invitation.email_to,), subject=invitation.email_subject, text=invitation.email_body,
        html=f"<!doctype html><html><body>{html}</body></html>"))


def _revoke(args, settings) -> int:
    from portal_web.auth.services import AccessError, revoke

    try:
        revoke(_client(settings), args.contact_id)
    except AccessError as e:
        raise _UserError(str(e)) from None
    print(f"Access of contact {args.contact_id} revoked: the link no longer works and open "
          f"sessions end within a minute.")
    return 0


def _install_webhooks(args, settings) -> int:
    from portal_web.webhooks.services import install

    if not settings.webhooks:
        raise _UserError("PORTAL_WEBHOOKS=off: set it to on (the default) to install them")
    done = install(_client(settings), settings)
    print(f"ERP webhooks at {settings.public_url}/erp/webhooks/<secret>: "
          f"{len(done.added)} added, {len(done.kept)} already there, {done.removed} removed")
    for event, reason in done.refused:
        print(f"  {event}: refused by the ERP ({reason}); its pages rely on cache times to live")
    return 0


def _serve(args, settings) -> int:
    from portal_web.server import serve

    if not 1 <= args.workers <= 64:
        raise _UserError("--workers must be from 1 to 64")
    if not 1 <= args.threads <= 256:
        raise _UserError("--threads must be from 1 to 256")
    folder = os.path.dirname(os.path.abspath(args.access_log))
    if args.access_log != "-" and not os.access(folder, os.W_OK):
        raise _UserError(f"--access-log {args.access_log}: cannot write in {folder}")
    serve(settings, host=args.host, port=args.port, workers=args.workers,
          threads=args.threads, access_log=args.access_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
