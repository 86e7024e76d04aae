"""The customer portal: a Flask app over the ERP that holds no business records of its own."""

from __future__ import annotations

import importlib
import logging
from datetime import timedelta

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal_web.converters import ErpIdConverter
from portal_web.settings import Settings, load_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, erp=None) -> Flask:
    """Builds the app in named steps; `erp` replaces the connector client (tests pass their own)."""
    settings = settings or load_settings()
    app = Flask(__name__)
    app.url_map.converters["id"] = ErpIdConverter
    configure(app, settings)
    register_extensions(app, settings, erp)
    register_blueprints(app)
    register_errorhandlers(app)
    register_hooks(app)
    register_template_filters(app)
    return app


def configure(app: Flask, settings: Settings) -> None:
    """Flask's defaults are made for demos: cookies made strict, sessions made short."""
    secure = not settings.development and settings.env != "test"
    lifetime = timedelta(hours=settings.session_hours)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="__Host-portal" if secure else "portal_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=lifetime,
        WTF_CSRF_TIME_LIMIT=int(lifetime.total_seconds()),
        MAX_CONTENT_LENGTH=64 * 1024,
        PREFERRED_URL_SCHEME="https" if secure else "http",
    )
    app.extensions["settings"] = settings
    if settings.proxy_count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_count,
                                x_proto=settings.proxy_count)


def register_extensions(app: Flask, settings: Settings, erp) -> None:
    from portal_web.erp import make_client
    from portal_web.extensions import csrf, login_limiter, login_manager, share_limiter, submissions
    from portal_web.mail import Mailer
    from portal_web.ops.readiness import Readiness

    csrf.init_app(app)
    login_manager.init_app(app)
    login_limiter.init_app(app, settings.login_rate, settings.rate_limit_storage)
    share_limiter.init_app(app, settings.share_rate, settings.rate_limit_storage)
    submissions.init_app(app, "1/10 minutes", settings.rate_limit_storage)
    app.extensions["mailer"] = Mailer.from_settings(settings)
    app.extensions["erp"] = erp if erp is not None else make_client(settings)
    app.extensions["readiness"] = Readiness(app.extensions["erp"])


# Every area of the portal, by package name: a new area is one more name here (docs/portal.md).
AREAS = ("auth", "catalog", "cart", "orders", "home", "ops", "invoices", "account", "quotes",
         "shared", "supplier", "webhooks")


def register_blueprints(app: Flask) -> None:
    """Each area's `bp` declares its role; a route outside an area stops the start."""
    from portal_web.areas import register_areas

    register_areas(app, [importlib.import_module(f"portal_web.{name}") for name in AREAS])


def register_errorhandlers(app: Flask) -> None:
    from portal_web import paging
    from portal_web.errors import register

    register(app)
    paging.register(app)  # a page past the last: a 404 that says so


def register_template_filters(app: Flask) -> None:
    from portal_web import formatting

    formatting.register(app)


def register_hooks(app: Flask) -> None:
    from portal_web.hooks import register

    register(app)
