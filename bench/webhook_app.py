"""The ASGI app bench/webhook.py serves under granian (one worker): the app's real HTTP API and outbox worker.

`app` is tma_app's own `api_app` (its middleware, the webhook route) with the outbox worker running
in the same process, as in a backend, so the handlers compete for the same CPU while the burst
arrives; plus POST /bench/ack, which reads the body and answers 200 through the same
middleware (outside /api/, like the webhook it needs no initData): the floor the webhook is
compared with. Configured by the environment bench/webhook.py
sets (database, Redis, the webhook secret, the fake Bot API).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tma_app.core.outbox_worker import worker
from tma_app.core.settings import get_settings
from tma_app.tma_app import api_app


async def ack(request: Request) -> Response:
    await request.body()
    return Response(status_code=200)


app = api_app(get_settings())
app.router.routes.insert(0, Route("/bench/ack", ack, methods=["POST"]))
worker.start()
