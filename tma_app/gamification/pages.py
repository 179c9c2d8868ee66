"""The profile screen, and every gamification page registered with the app in one call."""

from __future__ import annotations

from typing import Any

import reflex as rx

from tma_app.gamification.coin_pack import DEFAULT_PACK
from tma_app.gamification.coin_pack import KIND as COIN_PACK
from tma_app.gamification.components import HEADING, SECTION
from tma_app.gamification.leaderboard.pages import leaderboard_page
from tma_app.gamification.presenter import BadgeRow, ReferralRow
from tma_app.gamification.state import ProfileState
from tma_app.gamification.tasks.pages import tasks_page
from tma_app.offline.durable import NEW_KEY, durable
from tma_app.payments.components import buy_button, payment_status
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.telegram.components import back_button
from tma_app.ui.layout import app_shell

_S = SessionState.strings
_P = ProfileState.profile
_HIDE_ON_ERROR: rx.Var[Any] = rx.Var(_js_expr="((event) => { event.currentTarget.style.display = 'none'; })")


def _stat(value, label_key: str, test_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.div(value, class_name="text-xl font-semibold text-tg-text", data_testid=test_id),
        rx.el.div(_S[label_key], class_name="text-xs text-tg-hint"),
        class_name="flex-1 rounded-2xl bg-tg-secondary-bg px-3 py-3 text-center",
    )


def _avatar() -> rx.Component:
    # The initials are drawn underneath: a photo that fails to load hides itself and uncovers them.
    return rx.el.div(
        rx.el.div(_P.initials, aria_hidden="true", data_testid="profile-initials",
                  class_name="flex h-16 w-16 items-center justify-center rounded-full bg-tg-button text-xl "
                             "font-semibold text-tg-button-text"),
        rx.cond(
            _P.photo_url != "",
            # Keyed by the URL: a new photo gets a fresh element, not one hidden by an earlier failure.
            rx.el.img(src=_P.photo_url, alt="", key=_P.photo_url, referrer_policy="no-referrer",
                      custom_attrs={"width": "64", "height": "64", "onError": _HIDE_ON_ERROR},
                      class_name="absolute inset-0 h-16 w-16 rounded-full object-cover", data_testid="profile-photo"),
        ),
        class_name="relative h-16 w-16 shrink-0",
    )


def _level_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.span(_S["g_level"], " ", rx.el.span(_P.level, data_testid="profile-level"),
                       class_name="font-semibold text-tg-text"),
            rx.el.span(_P.to_next, " XP ", _S["g_to_next"], class_name="text-xs text-tg-hint"),
            class_name="flex items-baseline justify-between",
        ),
        rx.el.div(
            rx.el.div(class_name="h-full rounded-full bg-tg-button transition-[width] duration-500",
                      style={"width": _P.level_percent.to_string() + "%"}),
            role="progressbar", aria_valuenow=_P.level_percent, aria_valuemin=0, aria_valuemax=100,
            class_name="mt-2 h-2 overflow-hidden rounded-full bg-tg-bg", data_testid="level-progress",
        ),
        class_name=SECTION + " mt-4 px-4 py-3",
    )


def _streak_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.span("🔥", aria_hidden="true", class_name="text-2xl"),
            rx.el.div(
                rx.el.div(_P.streak, class_name="font-semibold text-tg-text", data_testid="profile-streak"),
                rx.el.div(_S["g_streak_longest"], ": ", _P.longest, " · ", _S["g_freezes"], ": ",
                          rx.el.span(_P.freezes, data_testid="profile-freezes"), "/",
                          _P.max_freezes, class_name="text-xs text-tg-hint"),
                class_name="flex-1",
            ),
            class_name="flex items-center gap-3",
        ),
        rx.el.p(_S["g_freeze_hint"], class_name="mt-2 text-xs text-tg-hint"),
        rx.el.button(
            _S["g_freeze_buy"], " · ", _P.freeze_price, " 🪙",
            on_click=durable(ProfileState.buy_freeze(NEW_KEY), target="profile:freeze", once=True, kind="add"),
            disabled=ProfileState.buying | (_P.freezes >= _P.max_freezes),
            class_name="mt-3 w-full rounded-xl bg-tg-button px-4 py-2 text-sm text-tg-button-text disabled:opacity-50",
            data_testid="buy-freeze",
            **haptic.tap("light"),
        ),
        rx.el.div(
            buy_button(COIN_PACK, DEFAULT_PACK.ref, _S["g_pack_buy"],
                       f" · +{DEFAULT_PACK.coins} 🪙 · {DEFAULT_PACK.stars} ⭐", test_id="buy-coins",
                       class_name="w-full rounded-xl bg-tg-secondary-bg px-4 py-2 text-sm text-tg-link "
                                  "disabled:opacity-50"),
            payment_status(COIN_PACK, DEFAULT_PACK.ref),
            class_name="mt-2",
        ),
        class_name=SECTION + " mt-3 px-4 py-3",
    )


def _badge(badge: rx.Var[BadgeRow]) -> rx.Component:
    return rx.el.li(
        rx.el.span(badge.icon, class_name="text-2xl", aria_hidden="true"),
        rx.el.div(
            rx.el.div(badge.name, class_name="font-medium text-tg-text"),
            rx.el.div(badge.description, class_name="text-xs text-tg-hint"),
            class_name="flex-1",
        ),
        rx.el.time(badge.earned, date_time=badge.earned, class_name="text-xs text-tg-hint"),
        class_name="flex items-center gap-3 border-b border-tg-separator px-4 py-3 last:border-0",
        data_testid="badge", data_badge=badge.id,
    )


def _referral(entry: rx.Var[ReferralRow]) -> rx.Component:
    return rx.el.li(
        rx.el.span(entry.name, class_name="flex-1 text-tg-text"),
        rx.el.span(entry.status, " · ", entry.date, class_name="text-xs text-tg-hint"),
        class_name="flex items-center gap-3 border-b border-tg-separator px-4 py-3 last:border-0",
        data_testid="referral",
    )


def _referrals() -> rx.Component:
    return rx.fragment(
        rx.el.h2(_S["g_referrals"], class_name=HEADING),
        rx.el.section(
            rx.el.p(_S["g_referral_hint"], class_name="text-xs text-tg-hint"),
            rx.el.code(_P.referral_link, class_name="mt-2 block break-all text-sm text-tg-link",
                       data_testid="referral-link"),
            rx.el.button(_S["g_share"], on_click=ProfileState.share, data_testid="share-referral",
                         class_name="mt-3 w-full rounded-xl bg-tg-button px-4 py-2 text-sm text-tg-button-text",
                         **haptic.tap("light")),
            class_name=SECTION + " px-4 py-3",
        ),
        rx.cond(
            _P.referrals.length() > 0,
            rx.el.ul(rx.foreach(_P.referrals, _referral), class_name=SECTION + " mt-2"),
            rx.el.p(_S["g_referrals_none"], class_name="mt-2 px-1 text-sm text-tg-hint"),
        ),
    )


def profile_page() -> rx.Component:
    return app_shell(
        back_button("/"),
        rx.cond(
            ProfileState.loaded,
            rx.fragment(
                rx.el.header(
                    _avatar(),
                    rx.el.h1(_P.name, class_name="text-xl font-bold text-tg-text"),
                    class_name="flex items-center gap-4 pt-5",
                ),
                rx.el.div(_stat(_P.xp, "g_xp", "profile-xp"),
                          _stat(_P.coins, "g_coins", "profile-coins"),
                          class_name="mt-4 flex gap-3"),
                _level_card(),
                _streak_card(),
                rx.el.h2(_S["g_badges"], class_name=HEADING),
                rx.cond(
                    _P.badges.length() > 0,
                    rx.el.ul(rx.foreach(_P.badges, _badge), class_name=SECTION),
                    rx.el.p(_S["g_badges_none"], class_name="px-1 text-sm text-tg-hint"),
                ),
                _referrals(),
            ),
            rx.el.div(class_name="mt-6 h-40 animate-pulse rounded-2xl bg-tg-secondary-bg"),
        ),
        active_route="/profile",
        on_verified=ProfileState.load,
    )


def add_pages(app: rx.App) -> None:
    app.add_page(profile_page, route="/profile", title="Profile")
    app.add_page(leaderboard_page, route="/leaderboard", title="Leaderboard")
    app.add_page(tasks_page, route="/tasks", title="Daily tasks")
