import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.conftest import TEST_BOT_TOKEN
from tests.support.telegram import signed_init_data
from tma_app.telegram import init_data as module
from tma_app.telegram.init_data import (
    InitDataBadSignature,
    InitDataExpired,
    InitDataMalformed,
    InitDataMissing,
    InitDataVerifier,
    data_check_string,
    parse_fields,
    verify_init_data,
    verify_third_party,
)

NOW = 1_790_000_000
BOT_ID = 7000000007


def test_published_vector_from_telegram_mini_apps_docs():
    # The example token and initData published in the Mini Apps documentation.
    token = "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8"
    raw = (
        "query_id=AAHdF6IQAAAAAN0XohDhrOrc"
        "&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%2C%22last_name%22%3A%22Kibenko%22"
        "%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%7D"
        "&auth_date=1662771648&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2"
    )
    result = verify_init_data(raw, token, now=1662771648 + 5)
    assert result.user.id == 279058397 and result.user.username == "vdkfrost"


@pytest.fixture
def telegram_key(monkeypatch):
    """A stand-in for Telegram's private key, its public half installed as the 'test' key."""
    private = Ed25519PrivateKey.generate()
    public_hex = private.public_key().public_bytes_raw().hex()
    monkeypatch.setitem(module.TELEGRAM_PUBLIC_KEYS, "test", public_hex)
    module._public_key.cache_clear()
    yield private
    module._public_key.cache_clear()


def third_party_signed(private, bot_id=BOT_ID, **extra) -> str:
    raw = signed_init_data(auth_date=NOW - 1, **extra)
    fields = parse_fields(raw)
    message = f"{bot_id}:WebAppData\n" + data_check_string(fields, exclude=("hash", "signature"))
    signature = base64.urlsafe_b64encode(private.sign(message.encode())).rstrip(b"=").decode()
    return raw + "&signature=" + signature


def test_third_party_validation_with_only_bot_id_and_public_key(telegram_key):
    raw = third_party_signed(telegram_key, start_param="ref_a")
    result = verify_third_party(raw, BOT_ID, environment="test", now=NOW)
    assert result.user.id == 424242 and result.start_param == "ref_a" and result.signature


def test_third_party_refuses_other_bot_tampering_and_the_wrong_environment(telegram_key):
    raw = third_party_signed(telegram_key)
    with pytest.raises(InitDataBadSignature):
        verify_third_party(raw, BOT_ID + 1, environment="test", now=NOW)
    with pytest.raises(InitDataBadSignature):
        verify_third_party(raw.replace("Alice", "Alicf"), BOT_ID, environment="test", now=NOW)
    with pytest.raises(InitDataBadSignature):
        verify_third_party(raw, BOT_ID, environment="production", now=NOW)
    with pytest.raises(InitDataExpired):
        verify_third_party(raw, BOT_ID, environment="test", now=NOW + 90_000)


def test_third_party_needs_a_decodable_signature(telegram_key):
    with pytest.raises(InitDataMissing):
        verify_third_party(signed_init_data(auth_date=NOW), BOT_ID, environment="test", now=NOW)
    with pytest.raises((InitDataMalformed, InitDataBadSignature)):
        verify_third_party(signed_init_data(auth_date=NOW, signature="*not base64*"), BOT_ID, environment="test")


def test_cache_answers_repeats_and_still_expires():
    verifier = InitDataVerifier(TEST_BOT_TOKEN, max_age_seconds=3600)
    raw = signed_init_data(auth_date=NOW)
    first = verifier.verify(raw, now=NOW + 1)
    assert verifier.verify(raw, now=NOW + 2) is first
    with pytest.raises(InitDataExpired):
        verifier.verify(raw, now=NOW + 3601)
    assert len(verifier) == 0, "an expired entry is forgotten"


def test_cache_never_remembers_failures_and_stays_bounded():
    verifier = InitDataVerifier(TEST_BOT_TOKEN, max_entries=3)
    bad = signed_init_data(auth_date=NOW).replace("Alice", "Eve")
    for _ in range(2):
        with pytest.raises(InitDataBadSignature):
            verifier.verify(bad, now=NOW)
    raws = [signed_init_data({"id": i}, auth_date=NOW) for i in range(1, 6)]
    for raw in raws:
        verifier.verify(raw, now=NOW)
    assert len(verifier) == 3
    assert verifier.verify(raws[0], now=NOW).user.id == 1, "evicted entries verify again"


def test_verified_fields_cannot_be_changed_through_the_cache():
    verifier = InitDataVerifier(TEST_BOT_TOKEN)
    result = verifier.verify(signed_init_data(auth_date=NOW), now=NOW)
    with pytest.raises(TypeError):
        result.fields["user"] = "{}"  # type: ignore[index]
