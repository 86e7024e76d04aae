"""Products, price lists, prices with quantity breaks, currencies, balances and payments."""

from __future__ import annotations

from decimal import Decimal

from tests.fixtures_erp import (
    EUR_PRICE_LIST_ID,
    PAID_ORDER_ID,
    PART_PAID_ORDER_ID,
    UNPAID_INVOICED_ORDER_ID,
    USD_PRICE_LIST_ID,
)


def test_product_get_has_sku_name_and_status(fake_erp):
    product = fake_erp.get("/product-service/product/1").json()["response"][0]
    assert product["identity"]["sku"].endswith("-00001")
    assert product["salesChannels"][0]["productName"]
    assert product["status"] in ("LIVE", "DISCONTINUED")


def test_product_search_extensions_price_list_and_text(fake_erp):
    everything = fake_erp.get("/product-service/product-search?pageSize=1").json()["response"][
        "metaData"
    ]
    in_eur = fake_erp.get(
        f"/product-service/product-search?priceListId={EUR_PRICE_LIST_ID}&pageSize=1"
    )
    assert (
        0
        < in_eur.json()["response"]["metaData"]["resultsAvailable"]
        < everything["resultsAvailable"]
    )
    by_sku = fake_erp.get("/product-service/product-search?search=hng-0000&columns=SKU").json()
    assert by_sku["response"]["results"] and all(
        r[0].startswith("HNG-0000") for r in by_sku["response"]["results"]
    )
    bad = fake_erp.get("/product-service/product-search?priceListId=x")
    assert bad.status_code == 500 and bad.json()["errors"][0]["code"] == "CMNC-018"


def test_price_lists_and_default_selling_list(fake_erp):
    lists = fake_erp.get("/product-service/price-list").json()["response"]
    assert lists[0] == {
        "id": 1,
        "name": {"languageCode": "en", "text": "Retail (GBP)", "format": "PLAINTEXT"},
        "code": "SELL",
        "currencyCode": "GBP",
        "currencySymbol": "£",
        "currencyId": 1,
        "priceListTypeCode": "SELL",
        "gross": False,
    }
    assert {pl["currencyCode"] for pl in lists} >= {"GBP", "EUR", "USD"}
    assert [
        pl["id"] for pl in fake_erp.get("/product-service/price-list/2-3").json()["response"]
    ] == [2, 3]


def test_product_prices_have_quantity_breaks_and_omit_missing_lists(fake_erp):
    answer = fake_erp.get(f"/product-service/product-price/1-200/price-list/1,{USD_PRICE_LIST_ID}")
    entries = answer.json()["response"]
    assert len(entries) == 200
    assert all([pl["priceListId"] for pl in e["priceLists"]] == [1, 3] for e in entries)
    usd = [
        pl
        for e in entries
        for pl in e["priceLists"]
        if pl["priceListId"] == USD_PRICE_LIST_ID and pl["quantityPrice"]
    ]
    assert 0 < len(usd) < 200  # a list without a price for the product has quantityPrice {}
    assert all("1" in pl["quantityPrice"] for pl in usd)
    tiered = [pl["quantityPrice"] for pl in usd if len(pl["quantityPrice"]) > 1]
    assert tiered and all(Decimal(q["10"]) < Decimal(q["1"]) for q in tiered)


def test_currencies_and_exchange_rates_agree(fake_erp):
    results = fake_erp.get("/accounting-service/currency-search").json()["response"]["results"]
    rates = {row[0]: row[4] for row in results}
    assert [r for r in results if r[5]] == [
        [1, "British Pound", "GBP", "£", "1.000000", True, None]
    ]
    listed = fake_erp.get("/accounting-service/exchange-rate").json()["response"]
    assert {r["currencyId"]: Decimal(str(r["rate"])) for r in listed} == {
        i: Decimal(rate) for i, rate in rates.items() if i != 1
    }


def test_demo_orders_have_no_partial_and_full_payments(fake_erp):
    orders = fake_erp.get(
        f"/order-service/order/{UNPAID_INVOICED_ORDER_ID}-{PAID_ORDER_ID}"
    ).json()["response"]
    assert [o["orderPaymentStatus"] for o in orders] == ["UNPAID", "PARTIALLY_PAID", "PAID"]
    payments = fake_erp.get(
        f"/accounting-service/customer-payment-search?orderId={PART_PAID_ORDER_ID}"
    )
    assert len(payments.json()["response"]["results"]) == 1


def test_balance_is_invoiced_sales_minus_credits_minus_payments(fake_erp):
    customer = fake_erp.create_customer()
    # Nothing invoiced or paid: Brightpearl answers null
    assert fake_erp.get(f"/accounting-service/contact/{customer}/currency/GBP/balance").json() == {
        "response": None
    }
    order_id = fake_erp.create_sales_order(customer)  # 24.00 in GBP
    fake_erp.create_sales_order(customer)  # not invoiced: not owed yet
    fake_erp.invoice(order_id)
    assert (
        fake_erp.get(f"/accounting-service/contact/{customer}/currency/GBP/balance").json()[
            "response"
        ]
        == "24.00"
    )
    paid = fake_erp.post(
        "/accounting-service/customer-payment",
        {
            "transactionRef": f"pi_{customer}",
            "paymentMethodCode": "STRIPE",
            "paymentType": "RECEIPT",
            "orderId": order_id,
            "currencyIsoCode": "GBP",
            "amountPaid": "10.00",
            "paymentDate": "2026-11-01",
        },
    )
    assert paid.status_code == 200
    assert (
        fake_erp.get(f"/accounting-service/contact/{customer}/currency/GBP/balance").json()[
            "response"
        ]
        == "14.00"
    )
    order = fake_erp.get(f"/order-service/order/{order_id}").json()["response"][0]
    assert order["orderPaymentStatus"] == "PARTIALLY_PAID"
    # Brightpearl checks neither the contact nor the currency: null, not 404
    for path in (f"{customer}/currency/ZZZ", "999999/currency/GBP"):
        answer = fake_erp.get(f"/accounting-service/contact/{path}/balance")
        assert answer.status_code == 200 and answer.json() == {"response": None}


def test_repeated_payment_is_refused_and_records_nothing(fake_erp):
    order_id = fake_erp.create_sales_order(fake_erp.create_customer())  # the demo's ledger kept
    body = {
        "transactionRef": f"pi_repeat_{order_id}",
        "paymentMethodCode": "STRIPE",
        "paymentType": "RECEIPT",
        "orderId": order_id,
        "currencyIsoCode": "GBP",
        "amountPaid": "5.00",
        "paymentDate": "2026-11-01",
    }
    assert fake_erp.post("/accounting-service/customer-payment", body).status_code == 200
    again = fake_erp.post("/accounting-service/customer-payment", {**body, "amountPaid": "6.00"})
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "PAYC-007"
    found = fake_erp.get(
        f"/accounting-service/customer-payment-search?transactionRef=pi_repeat_{order_id}"
    )
    assert [row[9] for row in found.json()["response"]["results"]] == ["5.00"]  # amountPaid
    other_method = fake_erp.post(
        "/accounting-service/customer-payment", {**body, "paymentMethodCode": "BACS"}
    )
    assert other_method.status_code == 200


def test_bad_payments_are_refused(fake_erp):
    base = {
        "transactionRef": "pi_bad",
        "paymentMethodCode": "STRIPE",
        "paymentType": "RECEIPT",
        "orderId": 1,
        "currencyIsoCode": "GBP",
        "amountPaid": "5.00",
    }
    for change in (
        {"amountPaid": "-1"},
        {"amountPaid": "NaN"},
        {"orderId": 16},
        {"orderId": 999999},
        {"paymentType": "PAYMENT"},
        {"currencyIsoCode": "ZZZ"},
        {"transactionRef": None},
        {"paymentDate": "soon"},
    ):
        answer = fake_erp.post("/accounting-service/customer-payment", {**base, **change})
        assert answer.status_code == 400, change
    found = fake_erp.get("/accounting-service/customer-payment-search?transactionRef=pi_bad")
    assert found.json()["response"]["results"] == []
