"""The daily tasks screen: today's tasks, their progress and a claim button each."""

from __future__ import annotations

import reflex as rx

from tma_app.gamification.components import SECTION
from tma_app.gamification.tasks.presenter import TaskRow
from tma_app.gamification.tasks.state import TasksState
from tma_app.offline.durable import durable
from tma_app.session.state import SessionState
from tma_app.telegram.components import back_button
from tma_app.ui.layout import app_shell

_S = SessionState.strings


def _task(task: rx.Var[TaskRow]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.div(task.title, class_name="font-medium text-tg-text"),
            rx.el.div(task.progress, "/", task.target, " · ", task.reward, class_name="text-xs text-tg-hint"),
            rx.el.div(rx.el.div(class_name="h-full rounded-full bg-tg-button",
                                style={"width": task.percent.to_string() + "%"}),
                      class_name="mt-2 h-1.5 overflow-hidden rounded-full bg-tg-bg"),
            class_name="flex-1",
        ),
        rx.cond(
            task.claimed,
            rx.el.span(_S["g_claimed"], class_name="text-sm text-tg-hint", data_testid="task-claimed"),
            rx.el.button(
                _S["g_claim"],
                on_click=durable(TasksState.claim(task.id), target="task:" + task.id.to(str), kind="add"),
                disabled=~task.done | (TasksState.claiming != ""),
                class_name="rounded-xl bg-tg-button px-4 py-1.5 text-sm text-tg-button-text disabled:opacity-40",
                data_testid="claim-task",
            ),
        ),
        class_name="flex items-center gap-3 border-b border-tg-separator px-4 py-3 last:border-0",
        data_testid="task", data_task=task.id,
    )


def tasks_page() -> rx.Component:
    return app_shell(
        back_button("/"),
        rx.el.h1(_S["g_tasks_title"], class_name="pt-5 text-2xl font-bold text-tg-text"),
        rx.el.p(_S["g_tasks_hint"], class_name="mt-1 text-sm text-tg-hint"),
        rx.el.ul(rx.foreach(TasksState.tasks, _task), class_name=SECTION + " mt-4"),
        active_route="/tasks",
        on_verified=TasksState.load,
    )
