# The package's strings are registered whenever any of its modules is imported.
from tma_app.demos import messages as _messages  # noqa: E402,F401
