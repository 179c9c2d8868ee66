"""CPU per streamed token: reading answers the SDK's way (one chunk object per token) against ours.

Run from the repository root:

    .venv/bin/python bench/ai_provider_cpu.py [--answers 50] [--words 400] [--rounds 2]

The model is the loopback fake of tests/support/fake_openai.py in a process of its own (its work is
not counted), streaming --words words, one word per chunk, 20 ms apart. This process reads
--answers of them at once, twice per round, alternately:
  - reference: `AsyncOpenAI().chat.completions.create(stream=True)` iterated chunk by chunk, as the
    SDK's documentation shows (what tma_app.ai.openai_provider did before);
  - ours: `OpenAIProvider.stream`, which lets the SDK make the request and parses the body a
    network read at a time (tma_app/ai/sse.py).
What is compared is this process's CPU time (time.process_time), not wall time, so a busy shared
machine changes the answer little. It prints the table with the ratio; the numbers go to
docs/perf.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openai import AsyncOpenAI  # noqa: E402

from tma_app.ai.openai_provider import OpenAIProvider  # noqa: E402
from tma_app.ai.shapes import ChatMessage, CompletionRequest, Delta  # noqa: E402
from tma_app.core.settings import load_settings  # noqa: E402

FAKE_SERVER = """
import sys, threading
from tests.support.fake_openai import FakeOpenAI, Reply
words = int(sys.argv[1])
with FakeOpenAI() as fake:
    fake.enqueue(*[Reply(" ".join(f"w{i}" for i in range(words)), chunk_delay_s=0.02)] * 100_000)
    print(fake.base_url, flush=True)
    threading.Event().wait()
"""


async def sdk_tokens(client: AsyncOpenAI) -> int:
    tokens = 0
    stream = await client.chat.completions.create(
        model="gpt-fake", messages=[{"role": "user", "content": "hi"}], stream=True,
        stream_options={"include_usage": True}, max_tokens=4000)
    async for chunk in stream:
        for choice in chunk.choices:
            if choice.delta.content:
                tokens += 1
    return tokens


async def our_tokens(provider: OpenAIProvider) -> int:
    request = CompletionRequest(model="gpt-fake", messages=[ChatMessage("user", "hi")], temperature=0,
                                max_tokens=4000)
    text = "".join([part.text async for part in provider.stream(request) if isinstance(part, Delta)])
    return len(text.split())


async def measure(base_url: str, args: argparse.Namespace) -> dict[str, list[float]]:
    client = AsyncOpenAI(api_key="sk-bench", base_url=base_url, max_retries=0)
    provider = OpenAIProvider(load_settings(_env_file=None, OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=base_url))
    ways = {"reference: SDK chunk iteration": lambda: sdk_tokens(client), "ours: OpenAIProvider.stream": lambda:
            our_tokens(provider)}
    per_token_us: dict[str, list[float]] = {name: [] for name in ways}
    for read in ways.values():  # warm-up: connections, imports
        await asyncio.gather(*[read() for _ in range(3)])
    for _ in range(args.rounds):
        for name, read in ways.items():
            started = time.process_time()
            tokens = sum(await asyncio.gather(*[read() for _ in range(args.answers)]))
            if tokens != args.answers * args.words:
                raise SystemExit(f"{name}: read {tokens} tokens, expected {args.answers * args.words}")
            per_token_us[name].append((time.process_time() - started) / tokens * 1e6)
    return per_token_us


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=50, help="answers read at once")
    parser.add_argument("--words", type=int, default=400, help="words (tokens) per answer")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-c", FAKE_SERVER, str(args.words)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        results = asyncio.run(measure(base_url, args))
    finally:
        server.terminate()
        server.wait(timeout=10)
    reference = statistics.median(next(iter(results.values())))
    print(f"{args.answers} answers at once, {args.words} tokens each, {args.rounds} rounds; CPU of this process")
    print("| Reader | CPU per token, median (µs) | Rounds (µs) | vs reference |")
    print("|---|---:|---|---:|")
    for name, samples in results.items():
        median = statistics.median(samples)
        print(f"| {name} | {median:.0f} | {', '.join(f'{s:.0f}' for s in samples)} | {median / reference:.2f}x |")


if __name__ == "__main__":
    main()
