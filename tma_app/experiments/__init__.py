"""A/B experiments: registry, deterministic sticky assignment, exposures, conversions, statistics."""
