"""Offline and bad networks: the connection banner, the durable action queue, the service worker
and the last screens.

The page half is frontend/workbox/src/queue.js (window.tmaQueue, IndexedDB), minified into assets/offline/. Here:
- `durable`: a tap that goes through the queue instead of straight over the websocket;
- `state`: the server's word that it handled a queued action (`ActionQueueState`,
  `handles_queued`), which is what lets the page forget it;
- `components`: the queue's link to Reflex's event loop and the connection banner, drawn by the shell;
- `messages`: their strings;
- `service_worker`: the worker each production build gets (precache named by the build), its HTTP headers;
- `snapshot`: what the last screens may keep for a launch that cannot reach the server.
docs/offline.md explains the queue, the service worker and their limits per platform.
"""
