"""The local mail server of `make run`: it keeps every message instead of delivering it.

`python -m devtools.mail_sink [--port 8025] [--dir data/mail]` listens on loopback (aiosmtpd),
prints one line per message (sender, recipients, subject, attachments, file) and saves each
message whole as an `.eml` file in the folder, which any mail program opens: a developer sees
exactly what the portal sent (a shared quote with its PDF, an invitation). Ctrl-C or SIGTERM
stops it with status 0.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import signal
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller


class SavingHandler:
    """aiosmtpd's handler: each message to a file, and one line about it."""

    def __init__(self, folder: Path, out=sys.stdout) -> None:
        self.folder, self.out = folder, out
        self._count = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        path = self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{next(self._count):04d}.eml"
        path.write_bytes(raw)
        print(describe(raw, envelope.mail_from, envelope.rcpt_tos, path), file=self.out,
              flush=True)
        return "250 Message accepted for delivery"


def describe(raw: bytes, sender: str, recipients, path: Path) -> str:
    """One line about a message; the subject is shown as a quoted literal, so that whatever it
    holds stays on that line."""
    message = message_from_bytes(raw, policy=policy.default)
    attached = [part.get_filename() or "unnamed" for part in message.iter_attachments()]
    files = f" [{', '.join(attached)}]" if attached else ""
    return (f"mail: {sender} -> {', '.join(recipients)} {str(message['Subject'] or '')!r}"
            f"{files} saved as {path}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.mail_sink",
                                     description="A local SMTP server that keeps every message.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default="data/mail", help="where the .eml files go")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(SavingHandler(folder), hostname=args.host, port=args.port)
    try:
        controller.start()
    except (OSError, RuntimeError) as e:
        print(f"mail sink: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"mail sink: smtp://{args.host}:{args.port}, messages saved in {folder}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)
    controller.stop()
    return 0


def _interrupt(signum, frame):
    """SIGTERM stops the sink as Ctrl-C does (raising: a handler that sets an Event the main
    thread waits on can deadlock on that Event's lock)."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
