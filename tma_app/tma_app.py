"""Assembles the Reflex app: pages, <head>, HTTP routes. Nothing else lives here."""

from collections.abc import Callable

import reflex as rx
from reflex.config import get_config
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute
from starlette.types import ASGIApp

from tma_app.admin.audit_pages import audit_page
from tma_app.admin.dashboard_pages import dashboard_page
from tma_app.admin.payments_pages import payments_page
from tma_app.ai import pages as assistant
from tma_app.analytics import api as analytics_api
from tma_app.analytics import head as analytics_head
from tma_app.analytics import subscribers as analytics
from tma_app.bot import subscribers as bot
from tma_app.bot import webhook as bot_webhook
from tma_app.bot.api import get_bot_api
from tma_app.bot.updates import on_update
from tma_app.core.i18n import text
from tma_app.core.logging import configure_logging, init_sentry
from tma_app.core.outbox_worker import run_worker as run_outbox_worker
from tma_app.core.settings import Settings, get_settings
from tma_app.demos.ecommerce.pages import add_pages as add_ecommerce_pages
from tma_app.demos.fitness.pages import add_pages as add_fitness_pages
from tma_app.demos.restaurant.pages import add_pages as add_restaurant_pages
from tma_app.experiments import api as experiments_api
from tma_app.experiments import subscribers as experiments
from tma_app.gamification import api as gamification_api
from tma_app.gamification import subscribers as gamification
from tma_app.gamification.pages import add_pages as add_gamification_pages
from tma_app.gamification.toast import level_up_toast, on_verified_events, time_zone_sync
from tma_app.health import api as health_api
from tma_app.home.pages import home_page
from tma_app.home.state import HomeState
from tma_app.media import api as media_api
from tma_app.offline import components as offline
from tma_app.offline import launch_components, service_worker
from tma_app.payments import bot_link as payments_bot
from tma_app.payments import updates as payments
from tma_app.payments.reconciliation import reconcile_periodically
from tma_app.preferences.pages import settings_page
from tma_app.security import api as security_api
from tma_app.security.http import (
    IdentityMiddleware,
    OriginVaryLeftToCors,
    SecurityHeadersMiddleware,
    TracesNamedByRoute,
    content_security_policy,
)
from tma_app.session import api as session_api
from tma_app.session import reconnect, reporting
from tma_app.telegram import bridge
from tma_app.ui.nav import NavItem
from tma_app.ui.shell import ShellContributions, configure_shell
from tma_app.users import api as users_api

# The bottom navigation, in this order; admin-only items show to admins only.
NAV_ITEMS = (
    NavItem(route="/", label_key="nav_home", glyph="⌂"),
    NavItem(route="/tasks", label_key="nav_tasks", glyph="✓"),
    NavItem(route="/leaderboard", label_key="nav_leaderboard", glyph="★"),
    NavItem(route=assistant.ROUTE, label_key="nav_assistant", glyph="✦"),
    NavItem(route="/profile", label_key="nav_profile", glyph="☺"),
    NavItem(route="/settings", label_key="nav_settings", glyph="⚙"),
    NavItem(route="/admin", label_key="nav_dashboard", glyph="◔", admin_only=True),
    NavItem(route="/admin/payments", label_key="nav_payments", glyph="₽", admin_only=True),
    NavItem(route="/admin/audit", label_key="nav_admin", glyph="⚑", admin_only=True),
)


def http_routes(settings: Settings) -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        # First: Telegram's bursts are the busiest route, and the router tries routes in order.
        *bot_webhook.routes,
        *health_api.routes,
        *session_api.routes,
        *users_api.routes,
        *security_api.routes,
        *media_api.routes,
        *analytics_api.routes,
        *experiments_api.routes,
        *gamification_api.routes,
    ]
    if settings.is_dev:
        # Dev only: the mock Telegram's route does not exist in any other build.
        from tma_app.devmode import api as devmode_api

        routes += devmode_api.routes
    return routes


def head_components(settings: Settings) -> list[rx.Component]:
    mock_script_url = None
    if settings.is_dev:
        from tma_app.devmode import api as devmode_api

        mock_script_url = get_config().api_url.rstrip("/") + devmode_api.MOCK_SCRIPT_PATH
    return [
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        *bridge.head_scripts(str(settings.TELEGRAM_WEB_APP_SCRIPT_URL), mock_script_url),
        *offline.head_scripts(),
        *analytics_head.head_scripts(get_config().api_url),
        # Error monitoring: a deferred loader that fetches Sentry after the page loaded; no DSN, no tag.
        *reporting.head_scripts(settings, get_config().api_url),
        # The service worker, registered once the page is idle (removed in dev and by the kill switch),
        # and the last screens, kept for a launch that cannot reach the server.
        *launch_components.head_scripts(settings),
    ]


def api_app(settings: Settings) -> Starlette:
    """The HTTP API, wrapped around Reflex's own backend when the app is built."""
    routes = http_routes(settings)
    return Starlette(
        routes=routes,
        # Outermost first: headers go on everything, identity is checked before any route.
        middleware=[
            Middleware(TracesNamedByRoute, routes=routes),
            Middleware(OriginVaryLeftToCors),
            Middleware(service_worker.OfflineCachingHeaders),
            Middleware(SecurityHeadersMiddleware, csp=content_security_policy(settings, get_config().api_url)),
            Middleware(IdentityMiddleware),
        ],
    )


def around_reflex(settings: Settings) -> Callable[[ASGIApp], ASGIApp]:
    """Our API around Reflex's backend, given to Reflex as a function, not as a Starlette app:
    Reflex would wrap a Starlette app in one more CORS layer (one more `Origin` in Vary)."""

    def wrap(reflex_backend: ASGIApp) -> ASGIApp:
        api = api_app(settings)
        api.mount("", reflex_backend)
        return api

    return wrap


settings = get_settings()
configure_logging(settings)
reporting_on = init_sentry(settings)
# Gamification pays for what the demos announce.
gamification.register()
# Experiments count a completed demo as a conversion.
experiments.register()
# Analytics records the demos' events and level-ups.
analytics.register()
# The bot hears Telegram's updates and tells customers about their orders.
bot.register()
# Payments call the Bot API (invoices, refunds) and answer its pre-checkout and payment updates.
payments_bot.use_bot(get_bot_api)
payments.register(on_update)
# A tab that reconnects before the server noticed its old socket die keeps its session.
reconnect.install()

app = rx.App(
    theme=None,
    toaster=None,
    stylesheets=["/tma/theme.css"],
    head_components=head_components(settings),
    api_transformer=around_reflex(settings),
    # Exceptions Reflex catches itself (a handler that raised, the page's error boundary) are reported.
    backend_exception_handler=reporting.report_backend_exception,
    frontend_exception_handler=reporting.report_frontend_exception,
)
# Hands Reflex's state store to the offline snapshot on every page.
app.extra_app_wraps[(3, "OfflineSnapshot")] = launch_components.snapshot_app_wrap
# Reflex's own connection pulser (a red icon in the corner) sat over the bottom bar's last item; the
# connection banner (tma_app/offline/components.py) says the same in words, with what waits to be sent.
app.app_wraps.pop((5, "Overlay"), None)
if reporting_on:
    # First, so every event (even one another middleware answers) is traced as its user.
    app.add_middleware(reporting.EventTracing(), index=0)
# Durable domain events are applied by this backend while it runs (and by any other worker).
app.register_lifespan_task(run_outbox_worker)
# Our Stars payments compared with Telegram's every few hours; the admin can also run it on /admin/payments.
app.register_lifespan_task(reconcile_periodically)
# What every page's shell shows besides the page: set before any page is rendered.
configure_shell(ShellContributions(
    nav_items=NAV_ITEMS,
    overlays=(level_up_toast, time_zone_sync),
    on_verified=tuple(on_verified_events()),
))
app.add_page(
    home_page,
    route="/",
    title=text("app_title", "en"),
    on_load=HomeState.load_catalog,
)
app.add_page(assistant.assistant_page, route=assistant.ROUTE, title="Assistant")
app.add_page(dashboard_page, route="/admin", title="Live dashboard")
app.add_page(audit_page, route="/admin/audit", title="Audit log")
app.add_page(payments_page, route="/admin/payments", title="Payments")
app.add_page(settings_page, route="/settings", title="Settings")
add_restaurant_pages(app)
add_ecommerce_pages(app)
add_fitness_pages(app)
add_gamification_pages(app)
