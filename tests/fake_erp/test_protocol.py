"""Addressing, auth, envelopes, ID sets, OPTIONS and Brightpearl-shaped errors."""

from __future__ import annotations

import pytest
import requests

from tests.fixtures_erp import AUTH_HEADERS


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"brightpearl-app-ref": "portal"},
        {"brightpearl-app-ref": "portal", "brightpearl-account-token": "wrong"},
        {"brightpearl-app-ref": "other", "brightpearl-account-token": "dev-token"},
    ],
)
def test_missing_or_wrong_credentials_are_not_authenticated(fake_erp, headers):
    answer = requests.get(fake_erp.base_url + "/order-service/order/1", headers=headers, timeout=5)
    assert answer.status_code == 401 and answer.json() == {"response": "Not authenticated"}
    assert "brightpearl-requests-remaining" in answer.headers


def test_staff_token_and_other_account_code(fake_erp):
    staff = {"brightpearl-app-ref": "portal", "brightpearl-staff-token": "dev-token"}
    assert requests.get(fake_erp.base_url + "/order-service/order/1", headers=staff, timeout=5).ok
    other = requests.get(
        fake_erp.url + "/public-api/acme/order-service/order/1", headers=AUTH_HEADERS, timeout=5
    )
    assert other.status_code == 401


def test_old_address_form_and_trailing_slash_are_tolerated(fake_erp):
    old = requests.get(
        fake_erp.url + "/2.0.0/demo/order-service/order/1/", headers=AUTH_HEADERS, timeout=5
    )
    assert old.status_code == 200 and old.json()["response"][0]["id"] == 1
    assert fake_erp.requests()["by_endpoint"] == {"GET order-service/order/{id}": 1}


def test_request_without_content_type_and_get_with_body(fake_erp):
    answer = requests.post(
        fake_erp.base_url + "/crm-service/task",
        headers=AUTH_HEADERS,
        timeout=5,
        data=b'{"assignedToContactId": 1, "subject": "raw body"}',
    )
    assert answer.status_code == 200 and isinstance(answer.json()["response"], int)
    got = requests.get(
        fake_erp.base_url + "/order-service/order/1",
        headers=AUTH_HEADERS,
        data=b'{"ignored": true}',
        timeout=5,
    )
    assert got.status_code == 200


def test_id_sets_with_ranges_and_lists(fake_erp):
    ids = [o["id"] for o in fake_erp.get("/order-service/order/1-3,8,10-11").json()["response"]]
    assert ids == [1, 2, 3, 8, 10, 11]


@pytest.mark.parametrize("idset", ["abc", "5-1", "1--2", "0", "1-201", "1-100,150-260"])
def test_bad_or_oversized_id_sets_are_refused(fake_erp, idset):
    answer = fake_erp.get(f"/order-service/order/{idset}")
    assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == "CMNC-021"


@pytest.mark.parametrize(
    "resource", ["order-service/order", "product-service/product", "contact-service/contact"]
)
def test_options_splits_existing_ids_into_gets_of_200(fake_erp, resource):
    answer = fake_erp.http.options(
        f"{fake_erp.base_url}/{resource}/1-100000", headers=AUTH_HEADERS, timeout=5
    )
    uris = answer.json()["response"]["getUris"]
    name = resource.split("/")[1]
    assert uris and all(u.startswith(f"/{name}/") for u in uris)
    ids = [i for uri in uris for i in _expand(uri.rsplit("/", 1)[1])]
    assert all(len(_expand(u.rsplit("/", 1)[1])) <= 200 for u in uris)
    fetched = [
        i for uri in uris for i in _ids_of(fake_erp, f"/{resource.split('/')[0]}{uri}", name)
    ]
    assert fetched == ids


def _expand(idset: str) -> list[int]:
    out = []
    for part in idset.split(","):
        low, _, high = part.partition("-")
        out += range(int(low), int(high or low) + 1)
    return out


def _ids_of(fake_erp, path: str, name: str) -> list[int]:
    key = {"contact": "contactId"}.get(name, "id")
    return [item[key] for item in fake_erp.get(path).json()["response"]]


def test_options_of_order_uris_are_exactly_the_orders(fake_erp):
    total = fake_erp.get("/order-service/order-search?pageSize=1").json()["response"]["metaData"][
        "resultsAvailable"
    ]
    uris = fake_erp.http.options(
        f"{fake_erp.base_url}/order-service/order/1-999999", headers=AUTH_HEADERS, timeout=5
    ).json()["response"]["getUris"]
    assert uris[0] == "/order/1-200" and sum(len(_expand(u[7:])) for u in uris) == total


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/order-service/nothing-here", 404, "CMNC-404"),
        ("GET", "/nowhere", 404, "CMNC-404"),
        ("DELETE", "/order-service/order/1", 405, "CMNC-405"),
        ("GET", "/order-service/order/99999999999999999/note", 404, "CMNC-404"),
        ("GET", "/order-service/order/999999/note", 404, "CMNC-404"),
        ("GET", "/contact-service/contact/999999/postal-address", 404, "CMNC-404"),
    ],
)
def test_unknown_routes_ids_and_methods_are_brightpearl_errors(
    fake_erp, method, path, status, code
):
    answer = fake_erp.http.request(
        method, fake_erp.base_url + path, headers=AUTH_HEADERS, timeout=5
    )
    assert answer.status_code == status and answer.json()["errors"][0]["code"] == code


@pytest.mark.parametrize("raw", [b"{bad", b"[1,", b"\xff\xfe", b'{"a": NaN}', b"[" * 5000])
def test_malformed_json_is_a_400_and_changes_nothing(fake_erp, raw):
    answer = requests.post(
        fake_erp.base_url + "/order-service/sales-order", headers=AUTH_HEADERS, data=raw, timeout=5
    )
    assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == "CMNC-400"


def test_control_plane_is_not_under_public_api(fake_erp):
    assert fake_erp.get("/_fake/faults").status_code == 404
    assert requests.get(fake_erp.url + "/_fake/faults", timeout=5).json()["latency_ms"] == 0
