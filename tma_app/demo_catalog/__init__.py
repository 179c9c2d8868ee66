"""The demo catalog: which demos exist, their cards on the home screen, and the domain events
a visit to a demo produces (`demo_start`, `demo_interact`, `demo_complete`).

It sits below every feature that reacts to demos (gamification, analytics, experiments), so
they listen to these events without importing the demos themselves.
"""
