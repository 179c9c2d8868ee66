"""The verified user on the backend state: every handler reads identity from here."""

from __future__ import annotations

import logging

import reflex as rx

from tma_app.core.i18n import Language, bundle, text
from tma_app.security.admin import is_admin
from tma_app.session.first_screen import first_screen_loader
from tma_app.session.messages import STRINGS as SESSION_STRINGS
from tma_app.session.service import ClientInfo, SignedInUser, queue_owner, sign_in_tab
from tma_app.telegram.init_data import InitDataError

log = logging.getLogger(__name__)


class NotSignedIn(PermissionError):
    """A handler needed a verified user and the session has none."""


class SessionState(rx.State):
    # pending -> verified | denied (initData refused) | unavailable (our failure)
    auth_status: str = "pending"
    first_name: str = ""
    language: str = "en"
    # Before sign-in the page needs only the session check's own strings; sign-in loads the whole bundle.
    strings: dict[str, str] = {key: texts["en"] for key, texts in SESSION_STRINGS.items()}
    is_admin: bool = False
    # Who queued an offline action, as the page may know it (session.service.queue_owner).
    owner: str = ""
    # One line telling the user why something did not happen; empty when nothing to say.
    notice: str = ""
    # Backend-only: never sent to the client, set only from verified initData.
    _user_id: int | None = None
    # The hash of the launch this tab signed in with: page changes re-verify it (expiry still
    # applies) but do not open a new session, write the user again or audit another sign-in.
    _launch: str = ""

    @rx.event
    async def sign_in(self, init_data: str):
        client = ClientInfo(self.router.session.client_ip or None, self.router.headers.user_agent or None, "reflex")
        try:
            outcome = await sign_in_tab(init_data, client, signed_in_as=self._user_id, launch=self._launch)
        except InitDataError as error:
            log.info("initData refused: %s", error.code)
            return self._forget_user("denied")
        except Exception:
            log.exception("could not open a session")
            return self._forget_user("unavailable")
        if outcome.retry_after_s:
            self.notice = text("notice_rate_limited", self.lang, seconds=str(outcome.retry_after_s))
        elif outcome.user is not None:
            self._remember_user(outcome.user, outcome.launch)
            await self._load_first_screen()

    async def _load_first_screen(self) -> None:
        """The page's first screen in this same answer (session.first_screen); its own event retries a failure."""
        load = first_screen_loader(self.router.page.path)
        if load is None:
            return
        try:
            await load(self)
        except Exception:
            log.exception("the first screen of %s did not load with sign-in", self.router.page.path)

    def _remember_user(self, user: SignedInUser, launch: str) -> None:
        self._user_id, self._launch = user.id, launch
        self.first_name = user.first_name
        self.language = user.language
        self.strings = bundle(user.language)
        self.is_admin = is_admin(user.id)
        self.owner = queue_owner(user.id)
        self.auth_status = "verified"

    @rx.event
    def dismiss_notice(self):
        self.notice = ""

    @property
    def user_id(self) -> int:
        """The verified Telegram user id, or NotSignedIn."""
        if self._user_id is None:
            raise NotSignedIn("no verified Telegram user in this session")
        return self._user_id

    @property
    def lang(self) -> Language:
        return "ru" if self.language == "ru" else "en"

    @rx.var
    def greeting(self) -> str:
        lang: Language = "ru" if self.language == "ru" else "en"
        if not self.first_name:
            return text("greeting_anonymous", lang)
        return text("greeting", lang, name=self.first_name)

    def _forget_user(self, status: str) -> None:
        self._user_id, self._launch = None, ""
        self.first_name = ""
        self.is_admin = False
        self.owner = ""
        self.auth_status = status
