"""The shop demo: a catalog with filters, product variants with stock, a persistent cart, checkout.

The UI calls `tma_app.demos.ecommerce.service`; the logic lives in `catalog`, `variants`, `cart`,
`form` and `checkout`, the tables in `models`, the shapes they return in `views`, every refusal in
`errors` and its English and Russian text in `messages`.
"""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.demos.ecommerce import messages as _messages  # noqa: E402,F401
