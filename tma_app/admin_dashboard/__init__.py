"""The live admin dashboard: analytics, experiments, audit log and flagged users on one page."""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.admin_dashboard import messages as _messages  # noqa: E402,F401
