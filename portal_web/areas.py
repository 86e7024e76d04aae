"""Areas of the portal: each blueprint says who may use it and what it adds to the menu.

An area is a package `portal_web/<area>/` whose `__init__.py` makes `bp = Area(...)` with its role
(customers, suppliers, or anyone for the public pages), its menu entries and, for the area a role
lands on, `landing`. `create_app` registers the areas of `AREAS` (portal_web/__init__.py) and
refuses to start when any route belongs to no area with a role: access is denied by default, and
a customer opening a supplier page (or the reverse) gets the same 404 as an unknown address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from flask import Blueprint, Flask, current_app, url_for


class Role(Enum):
    """Who may use an area; the logged-in person's `Profile.role` holds the value."""

    ANYONE = "anyone"  # the public pages: no login needed
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


@dataclass(frozen=True)
class Badge:
    """A count shown next to a menu entry, with the words a screen reader says for it."""

    count: int
    description: str


@dataclass(frozen=True)
class Nav:
    """A menu entry: `view` is the view's name in its area (`"index"` in `orders`)."""

    label: str
    view: str
    order: int
    badge: Callable[[], Badge] | None = None


@dataclass(frozen=True)
class MenuEntry:
    """A menu entry as `base.html` draws it: the endpoint and the area it marks as current."""

    label: str
    endpoint: str
    order: int
    area: str
    badge: Callable[[], Badge] | None = None


class AreaError(RuntimeError):
    """The areas are declared wrongly; the app does not start (the message says what to fix)."""


class Area(Blueprint):
    """A blueprint that declares its role, its menu entries and its templates folder.

    Templates live in `portal_web/<area>/templates/<area>/` (the folder is optional).
    """

    def __init__(self, name: str, import_name: str, *, role: Role, nav: tuple[Nav, ...] = (),
                 landing: str | None = None, **options) -> None:
        if not isinstance(role, Role):
            raise AreaError(f"area {name!r}: role must be a Role, not {role!r}")
        options.setdefault("template_folder", "templates")
        super().__init__(name, import_name, **options)
        self.role = role
        self.menu = tuple(MenuEntry(n.label, f"{name}.{n.view}", n.order, name, n.badge)
                          for n in nav)
        self.landing = f"{name}.{landing}" if landing else None


def register_areas(app: Flask, modules) -> None:
    """Registers each module's `bp` and records the role of every endpoint of the app."""
    for module in modules:
        bp = getattr(module, "bp", None)
        if not isinstance(bp, Area):
            raise AreaError(f"{module.__name__}.bp is not an Area: make it with "
                            f"Area(name, __name__, role=Role.CUSTOMER|SUPPLIER|ANYONE)")
        app.register_blueprint(bp)
    app.extensions["roles"] = _endpoint_roles(app)


def _endpoint_roles(app: Flask) -> dict[str, Role]:
    """Every endpoint's role; an endpoint outside an Area stops the start (deny by default)."""
    roles = {"static": Role.ANYONE}  # the stylesheet: every page needs it
    for rule in app.url_map.iter_rules():
        if rule.endpoint in roles:
            continue
        area = app.blueprints.get(rule.endpoint.rpartition(".")[0])
        if not isinstance(area, Area):
            raise AreaError(f"route {rule.rule} ({rule.endpoint}) belongs to no Area: add it "
                            f"to an area's blueprint, which declares who may use it")
        roles[rule.endpoint] = area.role
    return roles


def role_of(endpoint: str | None) -> Role | None:
    """The role an endpoint serves; None for one no area declared (to be refused)."""
    return current_app.extensions["roles"].get(endpoint) if endpoint else None


def areas_for(role: Role) -> list[Area]:
    return [bp for bp in current_app.blueprints.values()
            if isinstance(bp, Area) and bp.role is role]


def menu_for(role: Role) -> list[MenuEntry]:
    """The menu of a role, in the order the areas declare."""
    return sorted((e for area in areas_for(role) for e in area.menu), key=lambda e: e.order)


def landing_for(role: Role) -> str | None:
    """The endpoint a role's home link goes to (None while the role has no pages)."""
    return next((area.landing for area in areas_for(role) if area.landing), None)


def url_if_served(endpoint: str) -> str | None:
    """The endpoint's address when an area of this app serves it, else None: a page links to
    another area's page (the payments area's, say) only once that area exists."""
    return url_for(endpoint) if endpoint in current_app.view_functions else None
