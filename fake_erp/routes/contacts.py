"""contact-service: contacts, custom fields, postal addresses and the address book."""

from __future__ import annotations

from fake_erp.routes import (
    backend,
    json_body,
    ok,
    register_idset_get,
    register_search,
    service_blueprint,
    updated,
)

bp = service_blueprint("contact-service")
register_idset_get(
    bp,
    "contact",
    lambda: backend().contacts.get_many,
    options=lambda: backend().contacts.existing_ids,
)
register_idset_get(bp, "postal-address", lambda: backend().addresses.get_many)
register_search(bp, "contact-search", lambda: backend().contacts.search)


@bp.post("/contact")
def create_contact():
    return ok(backend().contacts.create(json_body()))


@bp.patch("/contact/<id:contact_id>")
def patch_contact(contact_id: int):
    backend().contacts.patch(contact_id, json_body())
    return updated()


@bp.get("/contact/<id:contact_id>/custom-field")
def contact_custom_fields(contact_id: int):
    return ok(backend().contacts.custom_fields(contact_id))


@bp.patch("/contact/<id:contact_id>/custom-field")
def patch_contact_custom_fields(contact_id: int):
    backend().contacts.patch_custom_fields(contact_id, json_body())
    return updated()


@bp.post("/postal-address")
def create_address():
    return ok(backend().addresses.create(json_body()))


@bp.put("/postal-address/<id:address_id>")
def replace_address(address_id: int):
    backend().addresses.replace(address_id, json_body())
    return updated()


@bp.put("/contact/<id:contact_id>/postal-address")
def link_addresses(contact_id: int):
    backend().addresses.link(contact_id, json_body())
    return updated()


@bp.get("/contact/<id:contact_id>/postal-address")
def address_book(contact_id: int):
    """**Extension**: every address of the contact (docs/erp-contract.md)."""
    return ok(backend().addresses.address_book(contact_id))
