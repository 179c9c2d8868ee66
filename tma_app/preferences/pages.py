"""/settings: opened by Telegram's SettingsButton (or the bottom bar outside Telegram)."""

import reflex as rx

from tma_app.offline.durable import durable
from tma_app.preferences.state import CHOICE_KEY, PreferencesState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.telegram.components import back_button, closing_confirmation, main_button
from tma_app.telegram.state import TelegramState
from tma_app.ui.layout import app_shell
from tma_app.ui.optimistic import Optimistic

_SECTION = "overflow-hidden rounded-2xl bg-tg-secondary-bg"
_HEADING = "mb-2 mt-5 px-1 text-xs font-medium uppercase tracking-wide text-tg-section-header"


# The choice shows at once, offline too; Save sends the shown choice through the durable queue.
chosen = Optimistic("settings_language")


def _shown_choice() -> rx.Var[str]:
    return chosen.shown(CHOICE_KEY, PreferencesState.choice, PreferencesState.acked).to(str)


def _language_option(value: str) -> rx.Component:
    shown = _shown_choice()
    return rx.el.button(
        rx.el.span(SessionState.strings[f"language_{value}"], class_name="flex-1 text-left"),
        rx.cond(shown == value, rx.el.span("✓", class_name="text-tg-button")),
        on_click=chosen.change(CHOICE_KEY, value, lambda stamp: PreferencesState.choose(value, stamp)),
        role="radio",
        aria_checked=shown == value,
        class_name="flex w-full items-center border-b border-tg-separator px-4 py-3 text-tg-text last:border-0",
        data_testid=f"language-{value}",
        **haptic.tap("selection"),
    )


def settings_page() -> rx.Component:
    shown = _shown_choice()
    unsaved = shown != PreferencesState.saved_choice
    return app_shell(
        back_button("/"),
        main_button(
            SessionState.strings["save"],
            durable(PreferencesState.save(shown), target="settings:language"),
            visible=unsaved,
            progress=PreferencesState.saving,
        ),
        closing_confirmation(unsaved),
        rx.el.h1(SessionState.strings["settings_title"], class_name="pt-5 text-2xl font-bold text-tg-text"),
        rx.el.h2(SessionState.strings["settings_language"], class_name=_HEADING),
        rx.el.div(*[_language_option(v) for v in ("auto", "en", "ru")], role="radiogroup", class_name=_SECTION),
        rx.el.h2(SessionState.strings["settings_messages"], class_name=_HEADING),
        rx.el.div(
            rx.match(
                PreferencesState.write_access,
                ("granted", rx.el.p(SessionState.strings["settings_messages_granted"], class_name="px-4 py-3")),
                ("denied", rx.el.p(SessionState.strings["settings_messages_denied"], class_name="px-4 py-3")),
                rx.el.button(
                    SessionState.strings["settings_messages_allow"],
                    on_click=PreferencesState.ask_write_access,
                    class_name="w-full px-4 py-3 text-left text-tg-link",
                    data_testid="allow-messages",
                    **haptic.tap("light"),
                ),
            ),
            class_name=_SECTION + " text-tg-text",
            data_testid="write-access",
        ),
        rx.cond(
            TelegramState.supports_fullscreen,
            rx.fragment(
                rx.el.h2(SessionState.strings["settings_display"], class_name=_HEADING),
                rx.el.div(
                    rx.el.button(
                        rx.cond(
                            TelegramState.is_fullscreen,
                            SessionState.strings["fullscreen_exit"],
                            SessionState.strings["fullscreen_enter"],
                        ),
                        on_click=PreferencesState.toggle_fullscreen,
                        class_name="w-full px-4 py-3 text-left text-tg-link",
                        data_testid="fullscreen-toggle",
                        **haptic.tap("medium"),
                    ),
                    class_name=_SECTION,
                ),
            ),
        ),
        active_route="/settings",
        on_verified=PreferencesState.load,
        settings_entry=False,
    )
