import pytest

from tma_app.telegram import commands, haptic
from tma_app.telegram.commands import BridgeCommandError, StorageLimitError
from tma_app.telegram.state import _version_at_least


@pytest.mark.parametrize("style", commands.IMPACT_STYLES)
def test_every_impact_style_and_notification_is_accepted(style):
    assert commands.haptic(f"impact:{style}") == {"call": "haptic", "args": [f"impact:{style}"]}
    assert haptic.tap(style) == {"data_tma_haptic": f"impact:{style}"}


def test_notifications_selection_and_bad_names():
    for kind in ("success", "warning", "error"):
        assert haptic.tap(kind) == {"data_tma_haptic": f"notification:{kind}"}
    assert haptic.tap("selection") == {"data_tma_haptic": "selection"}
    for bad in ("impact:huge", "notification:info", "selection:x", "vibrate"):
        with pytest.raises(BridgeCommandError):
            commands.haptic(bad)
    with pytest.raises(BridgeCommandError):
        haptic.tap("loud")


@pytest.mark.parametrize(
    ("key", "value"),
    [("", "v"), ("k" * 129, "v"), ("has space", "v"), ("ключ", "v"), ("ok_key", "x" * 4097), ("ok_key", None)],
)
def test_cloud_storage_limits_are_enforced_before_the_call(key, value):
    with pytest.raises(StorageLimitError):
        commands.storage("cloud", "set", key, value)


def test_storage_commands_within_limits():
    assert commands.storage("cloud", "set", "A-z_0" * 25 + "abc", "x" * 4096)["args"][0] == "cloud"
    assert commands.storage("cloud", "get", "draft") == {"call": "storage", "args": ["cloud", "get", "draft"]}
    assert commands.storage("device", "set", "any key at all", "v")["args"][2] == "any key at all"
    with pytest.raises(BridgeCommandError):
        commands.storage("disk", "get", "k")
    with pytest.raises(BridgeCommandError):
        commands.storage("cloud", "drop", "k")


def test_links_popups_and_simple_calls_are_checked():
    assert commands.open_link("https://example.com")["args"][1] == {"try_instant_view": False}
    assert commands.open_telegram_link("https://t.me/share/url?url=x")["call"] == "openTelegramLink"
    for bad in (lambda: commands.open_link("javascript:alert(1)"),
                lambda: commands.open_telegram_link("https://evil.example/t.me"),
                lambda: commands.share_to_story("http://insecure/img.png"),
                lambda: commands.show_popup(""),
                lambda: commands.show_popup("m", buttons=[{"type": "boom"}]),
                lambda: commands.show_popup("m", buttons=[{"type": "ok"}] * 4),
                lambda: commands.show_confirm("x" * 300),
                lambda: commands.simple("close")):
        with pytest.raises(BridgeCommandError):
            bad()
    assert commands.simple("requestFullscreen") == {"call": "requestFullscreen", "args": []}


@pytest.mark.parametrize(
    ("version", "minimum", "expected"),
    [("9.1", "8.0", True), ("8.0", "8.0", True), ("7.10", "8.0", False), ("7.10", "7.9", True), ("", "6.0", False)],
)
def test_version_comparison_is_numeric(version, minimum, expected):
    assert _version_at_least(version, minimum) is expected


def test_open_invoice_takes_only_the_https_link_the_bot_made():
    assert commands.open_invoice("https://t.me/$abc123") == {"call": "openInvoice", "args": ["https://t.me/$abc123"]}
    for bad in ("javascript:alert(1)", "http://t.me/$x", "https://t.me/" + "x" * 600, 42):
        with pytest.raises(BridgeCommandError):
            commands.open_invoice(bad)  # type: ignore[arg-type]
