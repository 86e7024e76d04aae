"""The portal's settings, read once from the environment (and a `.env` file in development).

Every setting is checked when the app starts: a missing or bad value stops the start with one line
that names it, instead of failing on the first request that happens to need it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from limits import parse

from connector import ErpSettings
from portal_web.mail import SmtpServer
from portal_web.pdf import DEFAULT_FONT_DIR, Party, PdfSetupError, PdfStyle
from portal_web.statuses import DEFAULT_STATUS_MAP, DEFAULT_SUPPLIER_STATUS_MAP

_DEV_SECRET = "dev-only-secret-key-change-me"  # noqa: S105 (refused outside development)
_SECRET_MIN_LENGTH = 32
# A key's randomness estimated from how often each character occurs (Shannon): 32 random hex
# characters score about 116 bits, and 88 at the lowest in a million tries; 32 × "a" scores 0.
_SECRET_MIN_BITS = 80
_HOW_TO_MAKE_A_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
_WORKER_TIMEOUT_S = 30  # gunicorn's (portal_web/server.py): a page must answer well before it
# With the ERP's webhooks dropping what changes, cached answers can live longer: their time
# to live only bounds how late a change is seen if an event is lost. Without webhooks the
# connector's own (shorter) defaults apply. A variable that is set always wins.
_TTLS_WITH_WEBHOOKS = {"PORTAL_DOCUMENT_TTL_S": ("document_ttl", 300.0),
                       "PORTAL_PRICE_TTL_S": ("price_ttl", 600.0)}
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,200}$")  # it is a segment of an address


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and says what is expected."""


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    erp: ErpSettings = field(default_factory=ErpSettings)  # read by the connector's own reader
    page_deadline_s: float = 10.0  # all the ERP calls of one page, well under gunicorn's 30 s
    locale: str = "en_GB"  # how money, dates and countries are written (Babel's locale names)
    secret_key: str = _DEV_SECRET
    public_url: str = "http://127.0.0.1:8000"
    status_map: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUS_MAP))
    supplier_status_map: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_SUPPLIER_STATUS_MAP))
    default_price_list_id: int | None = None
    access_recheck_s: float = 55.0
    login_rate: str = "10/minute"
    rate_limit_storage: str = "memory://"
    proxy_count: int = 0
    session_hours: int = 12
    seller: Party = Party("Northwind Components Ltd", ("1 Canal Street", "Leeds LS1 4AB",
                                                       "United Kingdom"), "GB123456789")
    pdf: PdfStyle = field(default_factory=PdfStyle)  # paper size, fonts and logo of PDFs
    # Quotes: ERP sales-order statuses that are quotes, and the one a declined quote moves to.
    quote_statuses: tuple[str, ...] = ("Quote",)
    quote_declined_status: str = "Declined"
    # Mail: the server (make run's local sink by default) and the sender of every message.
    smtp_url: str = "smtp://127.0.0.1:8025"
    mail_from: str = "Customer portal <portal@localhost>"
    share_rate: str = "20/hour"  # quote emails a contact may send (one per recipient)
    webhooks: bool = True  # the ERP tells the portal what changed (POST /erp/webhooks/<secret>)
    webhook_secret: str = ""  # the secret in that address; "" derives one from secret_key
    metrics_token: str = ""  # /metrics wants it as a bearer token; "" serves loopback only

    @property
    def development(self) -> bool:
        return self.env == "development"

    @property
    def erp_webhook_secret(self) -> str:
        """The secret of the webhooks' address: set, or derived from the secret key (stable
        across processes and machines, which share the secret key anyway)."""
        if self.webhook_secret:
            return self.webhook_secret
        return hmac.new(self.secret_key.encode(), b"erp-webhooks", hashlib.sha256).hexdigest()

    @property
    def has_own_secret_key(self) -> bool:
        """False while cookies are signed with the development key, which is in the source."""
        return self.secret_key != _DEV_SECRET


def _number(environ, name, default, kind=float):
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a {kind.__name__}") from None
    if value < 0:
        raise SettingsError(f"{name}={raw!r} must not be negative")
    return value


def _url(environ, name, default):
    value = environ.get(name) or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name}={value!r} is not an http(s) URL")
    return value.rstrip("/")


def _rate(environ, name, default):
    value = environ.get(name) or default
    try:
        parse(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a rate such as 10/minute") from None
    return value


def _status_map(environ, name="PORTAL_STATUS_MAP", default=DEFAULT_STATUS_MAP):
    """A JSON file of ERP status name -> portal label named by the variable `name`."""
    path = environ.get(name)
    if not path:
        return dict(default)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SettingsError(f"{name}={path!r} cannot be read as JSON: {e}") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in data.items()
    ):
        raise SettingsError(
            f"{name}={path!r} must hold an object of ERP status name -> portal label"
        )
    return data


def _erp(environ, webhooks: bool) -> ErpSettings:
    """The ERP's settings, read by the connector's one reader (docs/connector.md); with
    webhooks, longer times to live for what they invalidate (unless set)."""
    try:
        erp = ErpSettings.from_env(environ)
    except ValueError as e:
        raise SettingsError(str(e)) from None
    if webhooks:
        longer = {field_name: ttl for variable, (field_name, ttl) in _TTLS_WITH_WEBHOOKS.items()
                  if not environ.get(variable, "").strip()}
        erp = replace(erp, **longer)
    return erp


def _webhooks(environ) -> bool:
    value = (environ.get("PORTAL_WEBHOOKS") or "on").strip().lower()
    if value not in ("on", "off"):
        raise SettingsError(f"PORTAL_WEBHOOKS={value!r} must be on or off")
    return value == "on"


def _webhook_secret(environ) -> str:
    secret = environ.get("PORTAL_WEBHOOK_SECRET") or ""
    if secret and not _WEBHOOK_SECRET.match(secret):
        raise SettingsError("PORTAL_WEBHOOK_SECRET must be 32 to 200 letters, digits, - or _ "
                            f"(it is part of an address): make one with {_HOW_TO_MAKE_A_KEY}")
    return secret


def _page_deadline(environ) -> float:
    value = _number(environ, "PORTAL_PAGE_DEADLINE_S", Settings.page_deadline_s)
    if not 0 < value < _WORKER_TIMEOUT_S:
        raise SettingsError(f"PORTAL_PAGE_DEADLINE_S={value!r} must be above 0 and under "
                            f"gunicorn's {_WORKER_TIMEOUT_S} s worker timeout")
    return value


def _locale(environ) -> str:
    name = environ.get("PORTAL_LOCALE") or Settings.locale
    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        raise SettingsError(f"PORTAL_LOCALE={name!r} is not a locale such as en_GB or de_DE") \
            from None
    return name


def _seller(environ) -> Party:
    """The seller printed on PDFs; PORTAL_SELLER_ADDRESS separates its lines with `|`."""
    default = Settings.seller
    address = environ.get("PORTAL_SELLER_ADDRESS")
    lines = tuple(p.strip() for p in address.split("|") if p.strip()) if address else None
    return Party(environ.get("PORTAL_SELLER_NAME") or default.name,
                 default.lines if lines is None else lines,
                 environ.get("PORTAL_SELLER_TAX_NUMBER", default.tax_number))


def _pdf_style(environ) -> PdfStyle:
    logo = environ.get("PORTAL_SELLER_LOGO")
    style = PdfStyle(paper=(environ.get("PORTAL_PAPER_SIZE") or "A4").upper(),
                     font_dir=Path(environ.get("PORTAL_PDF_FONT_DIR") or DEFAULT_FONT_DIR),
                     logo=Path(logo) if logo else None)
    try:
        style.check()
    except PdfSetupError as e:
        raise SettingsError(str(e)) from None
    return style


def _quote_statuses(environ) -> tuple[str, ...]:
    raw = environ.get("PORTAL_QUOTE_STATUSES")
    if not raw:
        return Settings.quote_statuses
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    if not names:
        raise SettingsError(f"PORTAL_QUOTE_STATUSES={raw!r} names no status (comma-separated "
                            f"ERP status names, such as Quote)")
    return names


def _smtp_url(environ) -> str:
    url = environ.get("PORTAL_SMTP_URL") or Settings.smtp_url
    try:
        SmtpServer.from_url(url)
    except ValueError as e:
        raise SettingsError(f"PORTAL_SMTP_URL: {e}") from None
    return url


def _mail_from(environ) -> str:
    value = environ.get("PORTAL_MAIL_FROM") or Settings.mail_from
    found = getaddresses([value])
    if ("\r" in value or "\n" in value or len(found) != 1 or found[0][1].count("@") != 1
            or not value.isascii()):
        raise SettingsError(f"PORTAL_MAIL_FROM={value!r} must be one address, such as "
                            f"Customer portal <portal@example.com>")
    return value


def _secret_key(environ, env: str) -> str:
    """The key that signs session cookies: whoever knows it can forge anyone's session."""
    secret = environ.get("PORTAL_SECRET_KEY") or ""
    if not secret:
        if env == "production":
            raise SettingsError(f"PORTAL_SECRET_KEY must be set in production: make one with "
                                f"{_HOW_TO_MAKE_A_KEY}")
        return _DEV_SECRET
    weakness = _weakness(secret)
    if weakness:
        raise SettingsError(f"PORTAL_SECRET_KEY is guessable ({weakness}): make one with "
                            f"{_HOW_TO_MAKE_A_KEY}")
    return secret


def _weakness(secret: str) -> str | None:
    """Why the key is too easy to guess, or None: short, repeating, or few different characters."""
    if secret == _DEV_SECRET:
        return "it is the development key, which is in the source code"
    if len(secret) < _SECRET_MIN_LENGTH:
        return f"fewer than {_SECRET_MIN_LENGTH} characters"
    if any(secret == (secret[:period] * len(secret))[:len(secret)]
           for period in range(1, len(secret) // 2 + 1)):
        return "it repeats itself"
    counts = Counter(secret).values()
    bits = -sum(n * math.log2(n / len(secret)) for n in counts)
    if bits < _SECRET_MIN_BITS:
        return "too few different characters"
    return None


def check_can_serve(settings: Settings, host: str) -> None:
    """Beyond loopback, the development key would let anyone forge a session: refuse it."""
    if settings.has_own_secret_key or _is_loopback(host):
        return
    raise SettingsError(f"PORTAL_SECRET_KEY must be set to serve on {host!r} (anything but "
                        f"loopback): the development key is public. Make one with "
                        f"{_HOW_TO_MAKE_A_KEY}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def load_settings(environ=None) -> Settings:
    """Builds the settings from `environ` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    env = environ.get("PORTAL_ENV", "development")
    if env not in ("development", "production", "test"):
        raise SettingsError(f"PORTAL_ENV={env!r} must be development, production or test")
    secret = _secret_key(environ, env)
    webhooks = _webhooks(environ)
    erp = _erp(environ, webhooks)
    return Settings(
        env=env,
        erp=erp,
        page_deadline_s=_page_deadline(environ),
        locale=_locale(environ),
        secret_key=secret,
        public_url=_url(environ, "PORTAL_PUBLIC_URL", Settings.public_url),
        status_map=_status_map(environ),
        supplier_status_map=_status_map(environ, "PORTAL_SUPPLIER_STATUS_MAP",
                                        DEFAULT_SUPPLIER_STATUS_MAP),
        default_price_list_id=_number(environ, "PORTAL_DEFAULT_PRICE_LIST_ID", None, int),
        access_recheck_s=_number(environ, "PORTAL_ACCESS_RECHECK_S", Settings.access_recheck_s),
        login_rate=_rate(environ, "PORTAL_LOGIN_RATE", Settings.login_rate),
        rate_limit_storage=(environ.get("PORTAL_RATE_LIMIT_STORAGE") or erp.cache_url
                            or "memory://"),
        proxy_count=_number(environ, "PORTAL_PROXY_COUNT", 0, int),
        session_hours=_number(environ, "PORTAL_SESSION_HOURS", Settings.session_hours, int),
        seller=_seller(environ),
        pdf=_pdf_style(environ),
        quote_statuses=_quote_statuses(environ),
        quote_declined_status=(environ.get("PORTAL_QUOTE_DECLINED_STATUS", "").strip()
                               or Settings.quote_declined_status),
        smtp_url=_smtp_url(environ),
        mail_from=_mail_from(environ),
        share_rate=_rate(environ, "PORTAL_SHARE_RATE", Settings.share_rate),
        webhooks=webhooks,
        webhook_secret=_webhook_secret(environ),
        metrics_token=environ.get("PORTAL_METRICS_TOKEN") or "",
    )


def shares_one_budget(settings: Settings) -> bool:
    """Whether all processes count against one ERP budget (Redis), or each against its own."""
    erp = settings.erp
    return bool(erp.cache_url) or not erp.limiter_storage.startswith("memory://")


def per_process(settings: Settings, processes: int) -> Settings:
    """Settings for one of `processes` workers: in-memory limits are split between them.

    With a shared store (Redis) every worker counts against one budget and nothing is split:
    the ERP budget and its shares with `PORTAL_CACHE_URL` (or `PORTAL_ERP_LIMITER_STORAGE`),
    the login limit with `PORTAL_RATE_LIMIT_STORAGE`.
    """
    if processes <= 1:
        return settings
    if not shares_one_budget(settings):
        erp = settings.erp
        split = {name: max(1, getattr(erp, name) // processes) if getattr(erp, name) else 0
                 for name in ("budget_per_minute", "contact_share", "login_share",
                              "login_reserve")}
        settings = replace(settings, erp=replace(erp, **split))
    if settings.rate_limit_storage.startswith("memory://"):
        settings = replace(settings, login_rate=_split(settings.login_rate, processes),
                           share_rate=_split(settings.share_rate, processes))
    return settings


def _split(rate_text: str, processes: int) -> str:
    rate = parse(rate_text)
    return f"{max(1, rate.amount // processes)} per {rate.multiples} {rate.GRANULARITY.name}"
