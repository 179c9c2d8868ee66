import time
from urllib.parse import parse_qsl, quote, unquote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TEST_BOT_TOKEN
from tests.support.telegram import signed_init_data
from tma_app.telegram.init_data import (
    MAX_FUTURE_SKEW_SECONDS,
    InitDataBadSignature,
    InitDataError,
    InitDataExpired,
    InitDataFromFuture,
    InitDataMalformed,
    InitDataMissing,
    decode_component,
    sign_init_data,
    verify_init_data,
)

NOW = 1_790_000_000


def verify(init_data, **kwargs):
    kwargs.setdefault("now", NOW)
    return verify_init_data(init_data, TEST_BOT_TOKEN, **kwargs)


def test_a_signed_launch_verifies_into_typed_fields():
    raw = signed_init_data(
        auth_date=NOW - 10,
        start_param="ref_abc",
        chat_type="private",
        chat_instance="-123",
        can_send_after="5",
        signature="sig_value_kept_in_the_hmac",
        new_field_from_telegram="kept",
    )
    result = verify(raw)
    assert result.user.id == 424242 and result.user.first_name == "Alice" and result.user.is_premium
    # Telegram hashed the escaped bytes; they come back untouched.
    assert result.user.photo_url == "https://t.me/i/userpic/320/alice.svg"
    assert result.start_param == "ref_abc" and result.chat_type == "private"
    assert result.can_send_after == 5 and result.auth_date == NOW - 10
    assert result.query_id == "AAHdF6IQAAAAAN0XohDhrOrc"
    assert result.fields["new_field_from_telegram"] == "kept"


def test_escaped_slashes_are_verified_as_sent():
    raw = signed_init_data(auth_date=NOW)
    assert "%5C%2F" in raw, "the fixture must carry Telegram's \\/ escapes"
    verify(raw)


def test_known_vector_matches_the_published_algorithm():
    # Computed independently: HMAC_SHA256(HMAC_SHA256("WebAppData", token), "auth_date=1\nuser={}")
    import hashlib
    import hmac

    secret = hmac.new(b"WebAppData", b"1:token-for-vector-check-abcdefghij", hashlib.sha256).digest()
    digest = hmac.new(secret, b"auth_date=1\nuser={\"id\":1}", hashlib.sha256).hexdigest()
    user = quote('{"id":1}')
    raw = f"user={user}&auth_date=1&hash={digest}"
    assert verify_init_data(raw, "1:token-for-vector-check-abcdefghij", now=2).user.id == 1


@pytest.mark.parametrize("raw", [None, "", 17, b"user=1", ["a"]])
def test_missing_init_data(raw):
    with pytest.raises(InitDataMissing):
        verify(raw)


def test_wrong_token_is_a_bad_signature():
    raw = signed_init_data(auth_date=NOW, token="1:another-token-abcdefghijklmnopqrst")
    with pytest.raises(InitDataBadSignature):
        verify(raw)


def test_expiry_and_future_dates():
    with pytest.raises(InitDataExpired):
        verify(signed_init_data(auth_date=NOW - 86_401))
    verify(signed_init_data(auth_date=NOW - 86_399))
    with pytest.raises(InitDataExpired):
        verify(signed_init_data(auth_date=NOW - 120), max_age_seconds=60)
    with pytest.raises(InitDataFromFuture):
        verify(signed_init_data(auth_date=NOW + MAX_FUTURE_SKEW_SECONDS + 5))
    verify(signed_init_data(auth_date=NOW + MAX_FUTURE_SKEW_SECONDS - 5))


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"user": '{"id":1,"first_name":"A"}'}, InitDataMissing),  # no auth_date
        ({"auth_date": "soon", "user": '{"id":1}'}, InitDataMalformed),
        ({"auth_date": str(NOW), "user": "{not json"}, InitDataMalformed),
        ({"auth_date": str(NOW), "user": "[1,2]"}, InitDataMalformed),
        ({"auth_date": str(NOW), "user": '{"id":"1"}'}, InitDataMalformed),
        ({"auth_date": str(NOW), "user": '{"id":-5}'}, InitDataMalformed),
        ({"auth_date": str(NOW), "chat": '{"id":"x"}'}, InitDataMalformed),
        ({"auth_date": str(NOW), "receiver": "null"}, InitDataMalformed),
        ({"auth_date": "١٢٣"}, InitDataMalformed),  # non-ASCII digits
    ],
)
def test_malformed_signed_fields_are_refused(fields, error):
    with pytest.raises(error):
        verify(sign_init_data(fields, TEST_BOT_TOKEN))


def test_duplicate_keys_and_no_hash_are_refused():
    raw = signed_init_data(auth_date=NOW)
    with pytest.raises(InitDataMalformed):
        verify(raw + "&auth_date=1")
    without_hash = "&".join(p for p in raw.split("&") if not p.startswith("hash="))
    with pytest.raises(InitDataMissing):
        verify(without_hash)
    with pytest.raises(InitDataMalformed):
        verify("just-text-no-pairs")
    with pytest.raises(InitDataMalformed):
        verify("a=1&" * 5000)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_arbitrary_input_only_raises_typed_errors(raw):
    try:
        verify(raw)
    except InitDataError:
        pass


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("%+\\aZ09 é€_-=&") + ["%2F", "%d0%90", "%zz", "%E2%82", "%5C", "%"]),
                max_size=30).map("".join))
def test_fast_decoding_matches_unquote_plus(raw):
    assert decode_component(raw) == unquote_plus(raw)


SIGNED = signed_init_data(auth_date=NOW - 5, start_param="ref_x", chat_type="sender")


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_no_mutation_of_a_signed_launch_verifies(data):
    pairs = SIGNED.split("&")
    mutation = data.draw(st.sampled_from(["byte", "drop", "add", "swap_values"]))
    if mutation == "byte":
        i = data.draw(st.integers(0, len(pairs) - 1))
        key, _, value = pairs[i].partition("=")
        j = data.draw(st.integers(0, max(len(value) - 1, 0)))
        replacement = data.draw(st.sampled_from("0123456789abcdefXYZ%_-"))
        if value and value[j] == replacement:
            replacement = "Q" if replacement != "Q" else "R"
        pairs[i] = f"{key}={value[:j]}{replacement}{value[j + 1:]}" if value else f"{key}=x"
    elif mutation == "drop":
        droppable = [p for p in pairs if not p.startswith("hash=")]
        pairs.remove(data.draw(st.sampled_from(droppable)))
    elif mutation == "add":
        key = data.draw(st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
        if any(p.startswith(key + "=") for p in pairs):
            key += "_extra"
        pairs.insert(data.draw(st.integers(0, len(pairs))), f"{key}={data.draw(st.text('abc123', max_size=8))}")
    else:
        others = [i for i, p in enumerate(pairs) if not p.startswith("hash=")]
        a, b = data.draw(st.lists(st.sampled_from(others), min_size=2, max_size=2, unique=True))
        (ka, _, va), (kb, _, vb) = pairs[a].partition("="), pairs[b].partition("=")
        if va == vb:
            return
        pairs[a], pairs[b] = f"{ka}={vb}", f"{kb}={va}"
    mutated = "&".join(pairs)
    # Changing the case of a %-escape (%2F -> %2f) changes no decoded byte: not a mutation.
    if sorted(parse_qsl(mutated, keep_blank_values=True)) == sorted(parse_qsl(SIGNED, keep_blank_values=True)):
        return
    with pytest.raises(InitDataError):
        verify(mutated)


def test_reordering_fields_still_verifies():
    # Order is not part of the signature (fields are sorted); the content is.
    pairs = SIGNED.split("&")
    assert verify("&".join(reversed(pairs))).start_param == "ref_x"


def test_verification_uses_the_real_clock_by_default():
    assert verify_init_data(signed_init_data(), TEST_BOT_TOKEN).auth_date <= time.time()
