"""The bottom navigation: a page joins by adding itself here once it exists."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    route: str
    label_key: str  # a message key (registered through tma_app.core.i18n)
    glyph: str
    admin_only: bool = False


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(route="/", label_key="nav_home", glyph="⌂"),
    NavItem(route="/tasks", label_key="nav_tasks", glyph="✓"),
    NavItem(route="/leaderboard", label_key="nav_leaderboard", glyph="★"),
    NavItem(route="/profile", label_key="nav_profile", glyph="☺"),
    NavItem(route="/settings", label_key="nav_settings", glyph="⚙"),
    NavItem(route="/admin", label_key="nav_dashboard", glyph="◔", admin_only=True),
    NavItem(route="/admin/audit", label_key="nav_admin", glyph="⚑", admin_only=True),
)
