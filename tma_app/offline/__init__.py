"""Offline: the service worker of prod builds and the last screens kept for a launch without network."""
