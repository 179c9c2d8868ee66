"""The admin screens, together behind one guard (`session.guards.requires_admin`).

/admin is the live dashboard (analytics, experiments, audit lines, flagged users);
/admin/audit is the audit log. The HTTP side keeps `security.http.admin_only`.
"""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.admin import messages as _messages  # noqa: E402,F401
