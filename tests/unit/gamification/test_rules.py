import pytest

from tma_app.gamification.rules import RULE_BOOK, Condition, Rule, RuleBook, RuleError, RuleHistory


def ids(firings):
    return sorted(f.rule.id for f in firings)


def test_the_guides_rules_fire_on_their_events():
    assert ids(RULE_BOOK.fire("demo_start", {"demo_id": "fitness"}, {}, {}, 0)) == ["demo_view"]
    complete = RULE_BOOK.fire("demo_complete", {"demo_id": "fitness"}, {}, {}, 0)
    assert ids(complete) == ["demo_complete", "first_demo"]
    rewards = {f.rule.id: f.rewards for f in complete}
    assert (rewards["demo_complete"].xp, rewards["demo_complete"].coins) == (25, 5)
    assert (rewards["first_demo"].xp, rewards["first_demo"].badge) == (50, "first_demo")
    referral = RULE_BOOK.fire("referral_signup", {}, {}, {}, 0)
    assert (referral[0].rewards.xp, referral[0].rewards.coins) == (100, 50)


def test_max_executions_and_cooldown_come_from_the_ledger_history():
    history = {"first_demo": RuleHistory(executions=1, last_at_ms=0)}
    assert ids(RULE_BOOK.fire("demo_complete", {}, {}, history, 10)) == ["demo_complete"]
    book = RuleBook((Rule.from_data({"id": "tap", "trigger": "t", "rewards": {"xp": 1}, "cooldownMs": 1000}),))
    assert book.fire("t", {}, {}, {"tap": RuleHistory(1, 5_000)}, 5_999) == []
    assert ids(book.fire("t", {}, {}, {"tap": RuleHistory(1, 5_000)}, 6_000)) == ["tap"]


@pytest.mark.parametrize(
    ("op", "value", "actual", "holds"),
    [("eq", "fitness", "fitness", True), ("ne", "fitness", "shop", True), ("gt", 3, 4, True), ("gte", 4, 4, True),
     ("lt", 3, 4, False), ("lte", 4, 4, True), ("in", ["a", "b"], "b", True), ("contains", "vip", ["vip", "x"], True),
     ("gt", 3, "4", False), ("contains", "x", 5, False), ("in", "ab", "a", False)],
)
def test_every_operator_on_event_data(op, value, actual, holds):
    assert Condition("event.k", op, value).holds({"k": actual}, {}) is holds


def test_counters_default_to_zero_and_missing_event_keys_never_match():
    assert Condition("counter.orders", "gte", 0).holds({}, {})
    assert not Condition("event.k", "ne", "x").holds({}, {})
    book = RuleBook((Rule.from_data({"id": "loyal", "trigger": "demo_complete", "rewards": {"coins": 10},
                                     "conditions": [{"field": "counter.demos_completed", "op": "gte", "value": 3}]}),))
    assert book.fire("demo_complete", {}, {"demos_completed": 2}, {}, 0) == []
    assert ids(book.fire("demo_complete", {}, {"demos_completed": 3}, {}, 0)) == ["loyal"]


@pytest.mark.parametrize(
    "data",
    [{"trigger": "x", "rewards": {}}, {"id": "a", "trigger": "x", "rewards": {"xp": -1}},
     {"id": "a", "trigger": "x", "conditions": [{"field": "user.id", "op": "eq", "value": 1}]},
     {"id": "a", "trigger": "x", "conditions": [{"field": "event.k", "op": "like", "value": 1}]},
     {"id": "a", "trigger": "x", "rewards": {"gems": 3}}],
)
def test_bad_rule_data_is_refused_with_a_reason(data):
    with pytest.raises(RuleError):
        Rule.from_data(data)


def test_rule_ids_are_unique():
    rule = Rule.from_data({"id": "a", "trigger": "x"})
    with pytest.raises(RuleError):
        RuleBook((rule, rule))
