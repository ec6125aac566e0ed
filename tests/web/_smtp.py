"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every mail it receives.

The web server under test is pointed at it with ``OVEREENKOMSTEN_SMTP_HOST``/``_PORT``
(see :func:`smtp_omgeving`), so a password-reset mail travels over a real SMTP session.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.web._harnas import vrije_poort


@dataclass
class SmtpServer:
    """The running server: its port and the mails it received, oldest first."""

    poort: int
    berichten: list[EmailMessage] = field(default_factory=list)
    _nieuw: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        bericht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(bericht, EmailMessage)
        with self._nieuw:
            self.berichten.append(bericht)
            self._nieuw.notify_all()
        return "250 OK"

    def wacht_op_bericht(self, aan: str, timeout: float = 30.0) -> EmailMessage:
        """The first mail to ``aan`` (waiting for it up to ``timeout`` seconds)."""
        einde = time.monotonic() + timeout
        with self._nieuw:
            while True:
                for bericht in self.berichten:
                    if aan.lower() in str(bericht.get("To", "")).lower():
                        return bericht
                over = einde - time.monotonic()
                if over <= 0:
                    ontvangers = [str(b.get("To")) for b in self.berichten]
                    raise AssertionError(
                        f"geen mail aan {aan} binnen {timeout:.0f} s (wel aan: {ontvangers})"
                    )
                self._nieuw.wait(over)

    def leeg(self) -> None:
        with self._nieuw:
            self.berichten.clear()


def smtp_omgeving(server: SmtpServer) -> dict[str, str]:
    """The environment that points the web application at ``server`` (plain SMTP, no TLS)."""
    return {
        "OVEREENKOMSTEN_SMTP_HOST": "127.0.0.1",
        "OVEREENKOMSTEN_SMTP_PORT": str(server.poort),
        "OVEREENKOMSTEN_SMTP_TLS": "0",
        "OVEREENKOMSTEN_AFZENDER": "overeenkomsten@test.invalid",
    }


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """One SMTP server for the session; tests call ``leeg()`` or filter by recipient."""
    for poging in range(3):
        server = SmtpServer(vrije_poort())
        controller = Controller(server, hostname="127.0.0.1", port=server.poort)
        try:
            controller.start()
        except OSError:  # the port was taken between choosing and binding it
            if poging == 2:
                raise
            continue
        break
    try:
        yield server
    finally:
        controller.stop()
