"""Analytics: the event taxonomy, batch ingestion, server-side tracking and dashboard queries.

Browser half: assets/analytics/ (client.js, taxonomy.json, the vendored web-vitals build).
See docs/analytics.md.
"""
