"""/assistant: the chat. Opened from the bottom bar, or from a demo screen with its context."""

from __future__ import annotations

import reflex as rx

from tma_app.ai.state import AssistantState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.layout import app_shell
from tma_app.ui.primitives import TAP, choice_chip, header, skeleton

ROUTE = "/assistant"
FOLLOW_SCRIPT_URL = "/ai/follow.js"
# Answers are allow-listed HTML (ai/markdown.py), shown by rx.html (a plain div's dangerouslySetInnerHTML
# would reach React as `Html`): these variants style its few tags.
_PROSE = ("[&_p]:my-1 [&_ul]:my-1 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-1 [&_ol]:list-decimal [&_ol]:pl-5 "
          "[&_a]:text-tg-link [&_a]:underline [&_code]:rounded [&_code]:bg-tg-bg [&_code]:px-1 [&_pre]:overflow-x-auto "
          "[&_h3]:font-semibold [&_blockquote]:border-l-2 [&_blockquote]:border-tg-separator [&_blockquote]:pl-2 ")
_ANSWER = (_PROSE + "max-w-[85%] self-start rounded-2xl rounded-bl-md bg-tg-secondary-bg px-4 py-2.5 "
           "text-[15px] leading-relaxed text-tg-text")
_QUESTION = ("max-w-[85%] self-end whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-tg-button px-4 "
             "py-2.5 text-[15px] text-tg-button-text")


def _bubble(message: rx.Var) -> rx.Component:
    return rx.cond(
        message["role"] == "user",
        rx.el.div(message["text"], class_name=_QUESTION, data_testid="ai-question"),
        rx.el.div(
            rx.html(message["html"]),
            rx.cond(message["note"] != "", rx.el.p(message["note"], class_name="mt-1 text-xs text-tg-hint")),
            class_name=_ANSWER,
            data_testid="ai-answer",
            data_status=message["status"],
        ),
    )


def _modes() -> rx.Component:
    def chip(mode: str) -> rx.Component:
        return choice_chip(SessionState.strings[f"ai_mode_{mode}"], selected=AssistantState.mode == mode,
                           on_click=AssistantState.choose_mode(mode), data_testid=f"ai-mode-{mode}")

    return rx.el.div(
        chip("support"), chip("creative"),
        rx.cond(AssistantState.demo != "", chip("demo_assistant")),
        class_name="flex gap-2 overflow-x-auto pb-2",
    )


def _composer() -> rx.Component:
    return rx.el.form(
        rx.el.textarea(
            name="question",
            placeholder=SessionState.strings["ai_placeholder"],
            max_length=1000,
            rows=1,
            enter_key_submit=True,
            aria_label=SessionState.strings["ai_placeholder"],
            class_name="min-h-11 flex-1 resize-none rounded-2xl bg-tg-secondary-bg px-4 py-2.5 text-[15px] "
                       "text-tg-text outline-none placeholder:text-tg-hint",
            data_testid="ai-input",
        ),
        rx.cond(
            AssistantState.streaming,
            rx.el.button(SessionState.strings["ai_stop"], type="button", on_click=AssistantState.stop,
                         class_name=f"{TAP} rounded-2xl bg-tg-secondary-bg px-4 font-medium text-tg-destructive",
                         data_testid="ai-stop", **haptic.tap("medium")),
            rx.el.button(SessionState.strings["ai_send"], type="submit",
                         class_name=f"{TAP} rounded-2xl bg-tg-button px-4 font-medium text-tg-button-text",
                         data_testid="ai-send", **haptic.tap("light")),
        ),
        on_submit=AssistantState.ask,
        data_testid="ai-composer",
        reset_on_submit=True,
        class_name="fixed inset-x-0 bottom-[calc(3.5rem+var(--tg-safe-area-inset-bottom))] mx-auto flex max-w-xl "
                   "items-end gap-2 bg-tg-bg px-4 py-2",
    )


def _chat() -> rx.Component:
    return rx.el.div(
        rx.cond(AssistantState.offline, rx.el.p(SessionState.strings["ai_offline_badge"],
                                                class_name="mb-2 rounded-xl bg-tg-secondary-bg px-3 py-2 text-xs "
                                                           "text-tg-hint", data_testid="ai-offline")),
        _modes(),
        rx.cond(AssistantState.remaining >= 0, rx.el.p(
            SessionState.strings["ai_remaining"].replace("{n}", AssistantState.remaining.to_string()),
            class_name="mb-2 text-xs text-tg-hint", data_testid="ai-remaining")),
        rx.el.section(
            rx.cond((AssistantState.messages.length() == 0) & ~AssistantState.streaming,
                    rx.el.p(SessionState.strings["ai_empty"], class_name="py-8 text-center text-sm text-tg-hint")),
            rx.foreach(AssistantState.messages, _bubble),
            rx.cond(AssistantState.streaming, rx.el.div(
                rx.html(AssistantState.draft_html),
                rx.el.span("▍", class_name="animate-pulse text-tg-hint", aria_hidden="true"),
                class_name=_ANSWER, data_testid="ai-draft")),
            rx.cond(AssistantState.can_retry & ~AssistantState.streaming, rx.el.button(
                SessionState.strings["ai_retry"], on_click=AssistantState.retry, type="button",
                class_name=f"{TAP} self-start rounded-full bg-tg-secondary-bg px-4 text-sm text-tg-link",
                data_testid="ai-retry")),
            aria_live="polite",
            class_name="flex flex-col gap-2 pb-20",
            data_testid="ai-chat",
        ),
        _composer(),
        # Leaving the screen stops the answer (closing the app is caught by the stream itself).
        on_unmount=AssistantState.stop,
    )


def assistant_page() -> rx.Component:
    return app_shell(
        header(
            SessionState.strings["ai_title"],
            rx.el.button(SessionState.strings["ai_new_chat"], on_click=AssistantState.new_chat, type="button",
                         class_name=f"{TAP} rounded-full bg-tg-secondary-bg px-4 text-sm text-tg-link",
                         data_testid="ai-new-chat"),
        ),
        rx.cond(AssistantState.loaded, _chat(), skeleton(3, "h-14")),
        # async: React 19 loads it once, into <head>, and only on this page.
        rx.el.script(src=FOLLOW_SCRIPT_URL, async_=True),
        active_route=ROUTE,
        on_verified=AssistantState.load,
    )
