"""The live admin dashboard: analytics, experiments, audit log and flagged users on one page."""
