"""contact-service: contacts, custom fields, postal addresses and the address book."""

from __future__ import annotations

from flask import jsonify, request

from fake_erp.backend.contacts import PAGE_SIZE
from fake_erp.backend.idsets import get_uris, parse_ranges
from fake_erp.errors import BadPaging
from fake_erp.routes import (
    backend,
    id_set,
    json_body,
    ok,
    register_idset_get,
    register_search,
    service_blueprint,
    updated,
)

bp = service_blueprint("contact-service")
register_idset_get(bp, "postal-address", lambda: backend().addresses.get_many)
register_search(bp, "contact-search", lambda: backend().contacts.search)


@bp.get("/contact")
@bp.get("/contact/<idset>", provide_automatic_options=False)
def get_contacts(idset: str | None = None):
    """Contacts by id set, else every contact; paged by 200 with `pagination` and `sorting`
    beside `response`, as Brightpearl answers (an id set naming none is a 404)."""
    first, size, descending = _contact_paging()
    if idset is None:
        contacts, more = backend().contacts.page(first, size, descending)
    else:
        ids = id_set(idset, limit=None)
        ids = sorted(ids, reverse=descending)
        contacts = backend().contacts.get_many(ids[first - 1 : first - 1 + size])
        more = first - 1 + size < len(ids)
    pagination = {
        "morePagesAvailable": more,
        "resultsReturned": len(contacts),
        "firstResult": first,
        "lastResult": first - 1 + len(contacts),
    }
    sorting = [{"field": "contactId", "direction": "DESC" if descending else "ASC"}]
    return jsonify({"response": contacts, "pagination": pagination, "sorting": sorting})


def _contact_paging() -> tuple[int, int, bool]:
    try:
        first = int(request.args.get("firstResult", 1))
        size = int(request.args.get("pageSize", PAGE_SIZE))
    except ValueError:
        raise BadPaging("pageSize and firstResult must be integers") from None
    sort = request.args.get("sort", "contactId.ASC")
    if not 1 <= size <= PAGE_SIZE or first < 1 or sort not in ("contactId.ASC", "contactId.DESC"):
        raise BadPaging(f"pageSize must be 1..{PAGE_SIZE}, firstResult at least 1, sort contactId")
    return first, size, sort.endswith("DESC")


@bp.route("/contact/<idset>", methods=["OPTIONS"])
def contact_uris(idset: str):
    existing = backend().contacts.existing_ids(parse_ranges(idset))
    return ok({"getUris": get_uris("contact", existing)})


@bp.post("/contact")
def create_contact():
    return ok(backend().contacts.create(json_body()))


@bp.patch("/contact/<id:contact_id>")
def patch_contact(contact_id: int):
    return ok(backend().contacts.patch(contact_id, json_body()))


@bp.get("/contact/<id:contact_id>/custom-field")
def contact_custom_fields(contact_id: int):
    return ok(backend().contacts.custom_fields(contact_id))


@bp.patch("/contact/<id:contact_id>/custom-field")
def patch_contact_custom_fields(contact_id: int):
    return ok(backend().contacts.patch_custom_fields(contact_id, json_body()))


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
