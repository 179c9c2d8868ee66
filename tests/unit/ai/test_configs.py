"""The assistant's configurations: the three defaults, per-config models, and typed errors naming what is wrong."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tma_app.ai.configs import DEFAULT_CONFIGS, AssistantConfig, config_named, load_configs, parse_config
from tma_app.ai.errors import ConfigError
from tma_app.core.settings import SettingsError, load_settings

GOOD: dict[str, Any] = {
    "temperature": 0.5,
    "max_tokens": 300,
    "prompts": {"en": "Answer in English.", "ru": "Отвечай по-русски."},
}


def settings(**overrides: Any):
    return load_settings(_env_file=None, **overrides)


def test_the_three_default_configs_exist_with_prompts_in_english_and_russian():
    configs = load_configs(settings())
    assert set(configs) == {"demo_assistant", "support", "creative"}
    for name, config in configs.items():
        assert isinstance(config, AssistantConfig) and config.name == name
        assert config.model == "gpt-4o-mini"
        assert set(config.prompts) == {"en", "ru"}
        assert "Answer in English" in config.prompt("en")
        assert "Отвечай по-русски" in config.prompt("ru")
        assert re.search("[а-яё]", config.prompt("ru"), re.IGNORECASE)
        assert not re.search("[а-яё]", config.prompt("en"), re.IGNORECASE)
    # Short in the demos, careful in support, free when creative.
    assert "2-3 short sentences" in configs["demo_assistant"].prompt("en")
    assert "2-3 короткими" in configs["demo_assistant"].prompt("ru")
    assert "polite, professional" in configs["support"].prompt("en")
    assert configs["support"].temperature < configs["demo_assistant"].temperature < configs["creative"].temperature
    assert configs["demo_assistant"].max_tokens < configs["support"].max_tokens < configs["creative"].max_tokens


def test_config_named_returns_the_config():
    configs = load_configs(settings())
    assert config_named("support", configs) is configs["support"]


@pytest.mark.parametrize("name", ["nope", "Support", "", None, 3])
def test_a_bad_config_name_is_a_config_error_naming_it(name: object):
    configs = load_configs(settings())
    with pytest.raises(ConfigError) as error:
        config_named(name, configs)
    assert repr(name) in str(error.value)
    assert "known: ['creative', 'demo_assistant', 'support']" in str(error.value)
    assert error.value.code == "config_invalid"


def without(field: str) -> dict[str, Any]:
    return {key: value for key, value in GOOD.items() if key != field}


@pytest.mark.parametrize(("raw", "field"), [
    pytest.param(without("temperature"), "temperature", id="missing-temperature"),
    pytest.param(without("max_tokens"), "max_tokens", id="missing-max_tokens"),
    pytest.param(without("prompts"), "prompts", id="missing-prompts"),
    pytest.param(GOOD | {"temperature": "warm"}, "temperature", id="temperature-text"),
    pytest.param(GOOD | {"temperature": True}, "temperature", id="temperature-bool"),
    pytest.param(GOOD | {"temperature": -0.1}, "temperature", id="temperature-below-0"),
    pytest.param(GOOD | {"temperature": 2.01}, "temperature", id="temperature-above-2"),
    pytest.param(GOOD | {"max_tokens": 0}, "max_tokens", id="max_tokens-0"),
    pytest.param(GOOD | {"max_tokens": -5}, "max_tokens", id="max_tokens-negative"),
    pytest.param(GOOD | {"max_tokens": 12.5}, "max_tokens", id="max_tokens-float"),
    pytest.param(GOOD | {"max_tokens": "300"}, "max_tokens", id="max_tokens-text"),
    pytest.param(GOOD | {"max_tokens": 16_001}, "max_tokens", id="max_tokens-too-many"),
    pytest.param(GOOD | {"history_turns": -1}, "history_turns", id="history_turns-negative"),
    pytest.param(GOOD | {"prompts": {"en": "Only English."}}, "prompts", id="prompts-missing-ru"),
    pytest.param(GOOD | {"prompts": {"en": "a", "ru": "б", "de": "c"}}, "prompts", id="prompts-extra-language"),
    pytest.param(GOOD | {"prompts": {"en": "a", "ru": "  "}}, "prompt", id="prompt-blank"),
    pytest.param(GOOD | {"prompts": {"en": "a", "ru": 5}}, "prompt", id="prompt-not-text"),
    pytest.param(GOOD | {"prompts": "Answer."}, "prompts", id="prompts-not-a-mapping"),
    pytest.param(GOOD | {"temprature": 0.5}, "temprature", id="unknown-key"),
    pytest.param(GOOD | {"model": "gpt-4o"}, "model", id="model-belongs-in-settings"),
])
def test_bad_config_data_is_a_config_error_naming_the_config_and_the_field(raw: dict[str, Any], field: str):
    with pytest.raises(ConfigError) as error:
        parse_config("tour_guide", raw, "gpt-4o-mini")
    message = str(error.value)
    assert "'tour_guide'" in message and field in message, message


def test_a_config_that_is_not_a_mapping_is_named():
    with pytest.raises(ConfigError, match="'tour_guide'.*mapping"):
        parse_config("tour_guide", ["temperature", 0.5], "gpt-4o-mini")  # type: ignore[arg-type]


def test_good_data_parses_with_its_defaults():
    config = parse_config("tour_guide", GOOD | {"temperature": 1}, "gpt-4o")
    assert (config.name, config.model, config.temperature, config.max_tokens, config.history_turns) == (
        "tour_guide", "gpt-4o", 1.0, 300, 6)
    assert isinstance(config.temperature, float)
    assert config.prompt("ru") == "Отвечай по-русски."


def test_bad_data_among_the_configs_names_that_config_when_loading():
    data = dict(DEFAULT_CONFIGS) | {"broken": without("max_tokens")}
    with pytest.raises(ConfigError, match="'broken'.*max_tokens"):
        load_configs(settings(), data)


def test_model_overrides_from_settings_apply_per_config():
    configs = load_configs(settings(OPENAI_MODEL="gpt-4.1-mini", AI_MODELS="support=gpt-4.1, creative=o4-mini"))
    assert {name: config.model for name, config in configs.items()} == {
        "demo_assistant": "gpt-4.1-mini", "support": "gpt-4.1", "creative": "o4-mini"}


def test_model_overrides_from_the_environment(monkeypatch):
    monkeypatch.setenv("AI_MODELS", "demo_assistant=llama-3.1-8b")
    configs = load_configs(settings())
    assert configs["demo_assistant"].model == "llama-3.1-8b"
    assert configs["support"].model == configs["creative"].model == "gpt-4o-mini"


def test_an_override_for_a_config_that_does_not_exist_is_named():
    with pytest.raises(ConfigError, match="suport"):
        load_configs(settings(AI_MODELS="suport=gpt-4.1"))


def test_a_malformed_override_is_refused_by_the_settings():
    with pytest.raises(SettingsError, match="AI_MODELS"):
        settings(AI_MODELS="support")
