"""One cache, one budget, one breaker however many processes: the same contract in memory and in
a real Redis, and two clients (as two processes would) sharing them through Redis."""

from __future__ import annotations

import pytest
from redis import Redis

from connector import ErpThrottled, ErpUnavailable, Limiter
from connector.breaker import RedisCircuitBreaker
from connector.cache import MemoryStore
from connector.redis_store import RedisStore

from .conftest import UNAVAILABLE, order_json, url


@pytest.fixture(params=["memory", "redis"])
def store(request, clock):
    if request.param == "memory":
        yield MemoryStore(clock=clock)
        return
    redis = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisStore(redis, "test", clock=clock)
    redis.close()


def test_an_entry_is_fresh_for_its_ttl_then_stale_until_kept(store, clock):
    assert store.put("k", '"v"', ttl=10, keep=60, tags=frozenset({"order:5"}), seq=store.seq())
    entry = store.get("k")
    assert (entry.text, entry.fetched_at, entry.fresh(clock())) == ('"v"', clock.now, True)
    clock.now += 11
    assert store.get("k").fresh(clock()) is False  # stale, still kept


def test_an_invalidation_drops_what_carries_its_tags_only(store):
    seq = store.seq()
    store.put("a", "1", ttl=10, keep=60, tags=frozenset({"order:5", "order:*"}), seq=seq)
    store.put("b", "2", ttl=10, keep=60, tags=frozenset({"order:6", "order:*"}), seq=seq)
    assert store.invalidate({"order:5"}) == 1
    assert store.get("a") is None and store.get("b") is not None


def test_a_load_that_raced_an_invalidation_is_not_stored(store):
    seq = store.seq()
    store.invalidate({"order:5"})
    assert not store.put("a", "1", ttl=10, keep=60, tags=frozenset({"order:5"}), seq=seq)
    assert store.get("a") is None


def test_an_entry_kept_past_its_keep_time_is_gone_in_memory(clock):
    store = MemoryStore(clock=clock)
    store.put("k", "1", ttl=1, keep=5, tags=frozenset(), seq=store.seq())
    clock.now += 6
    assert store.get("k") is None and len(store) == 0


def test_redis_expires_an_entry_after_its_keep_time(redis_url):
    redis = Redis.from_url(redis_url)
    store = RedisStore(redis, "test")
    store.put("k", "1", ttl=1, keep=30, tags=frozenset({"order:5"}), seq=store.seq())
    assert 0 < redis.pttl("test:e:k") <= 30_000
    redis.close()


def test_a_page_cached_by_one_process_costs_the_other_nothing(make_erp, mocked, redis_url):
    first, second = make_erp(cache_url=redis_url), make_erp(cache_url=redis_url)
    mocked.get(url("order-service/order/5"), json={"response": [order_json(5)]})
    assert first.orders.get(5) == second.orders.get(5)
    assert len(mocked.calls) == 1


def test_a_write_through_one_process_drops_the_answer_for_both(make_erp, mocked, redis_url):
    first, second = make_erp(cache_url=redis_url), make_erp(cache_url=redis_url)
    mocked.get(url("order-service/order/5"), json={"response": [order_json(5)]})
    mocked.put(url("order-service/order/5/status"), json={})
    mocked.get(url("order-service/order/5"),
               json={"response": [order_json(5, reference="moved")]})
    first.orders.get(5)
    second.orders.set_status(5, 4)
    assert first.orders.get(5).reference == "moved"


def test_two_limiters_on_one_redis_share_one_budget(redis_url, clock):
    limiters = [Limiter(3, storage_uri=redis_url, key="portal:x", clock=clock, sleep=clock.sleep)
                for _ in range(2)]
    for limiter in limiters:
        limiter.observe(200, 60_000)
    limiters[0].acquire(clock() + 5), limiters[1].acquire(clock() + 5)
    limiters[0].acquire(clock() + 5)
    with pytest.raises(ErpThrottled):
        limiters[1].acquire(clock() + 5, wait=False)


def test_failures_seen_by_two_processes_open_one_breaker(redis_url):
    redis = Redis.from_url(redis_url)
    first, second = (RedisCircuitBreaker(redis, "portal:x:breaker", failures=2, cooldown=30)
                     for _ in range(2))
    first.record_failure()
    assert second.allow() and second.state == "closed"
    second.record_failure()
    assert (first.state, first.allow(), second.allow()) == ("open", False, False)
    redis.close()


def test_after_the_cooldown_one_probe_from_any_process(redis_url):
    redis = Redis.from_url(redis_url)
    first, second = (RedisCircuitBreaker(redis, "portal:x:breaker", failures=1, cooldown=0.05)
                     for _ in range(2))
    first.record_failure()
    redis.hset("portal:x:breaker", "opened_at", 0)  # the cooldown is over
    assert [first.allow(), second.allow()] == [True, False]  # exactly one probe
    second.record_success()
    assert first.state == "closed" and first.allow()
    redis.close()


def test_a_client_with_a_cache_url_fails_fast_on_the_shared_breaker(make_erp, mocked, redis_url):
    first = make_erp(cache_url=redis_url, breaker_failures=1)
    second = make_erp(cache_url=redis_url, breaker_failures=1)
    mocked.get(url("order-service/order/5"), status=503, json=UNAVAILABLE)
    with pytest.raises(ErpUnavailable):
        first.orders.get(5)
    with pytest.raises(ErpUnavailable) as refused:
        second.orders.get(6)
    assert refused.value.reason == "breaker" and len(mocked.calls) == 1


def test_objects_of_an_id_set_kept_in_redis_serve_another_process(make_erp, mocked, redis_url):
    first, second = make_erp(cache_url=redis_url), make_erp(cache_url=redis_url)
    mocked.get(url("order-service/order/5-6"),
               json={"response": [order_json(5), order_json(6)]})
    first.orders.get_many([5, 6])
    assert second.orders.get(6).id == 6 and [o.id for o in second.orders.get_many([6, 5])] == [
        6, 5]
    assert len(mocked.calls) == 1
