"""The ``web`` command as a user starts it: a real process, a real HTTP request, a
clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from overeenkomsten.cli import main  # noqa: F401  (the command is registered)

START_TIMEOUT = 90  # seconds: migrations on a busy 2-core machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVEREENKOMSTEN_", "DJANGO_"))}
    env.update(extra)
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "overeenkomsten", *args]


def _read_lines(stream: object, into: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.append(line)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_web_starts_serves_makes_the_beheerder_and_stops_on_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "data"
    port = _free_port()
    process = subprocess.Popen(
        _command("web", "--data", str(data), "--adres", f"127.0.0.1:{port}"),
        env=_env(
            DJANGO_SUPERUSER_USERNAME="beheer",
            DJANGO_SUPERUSER_PASSWORD="Een-lang-wachtwoord-9",
            DJANGO_SUPERUSER_EMAIL="beheer@example.org",
        ),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=_read_lines, args=(process.stdout, out), daemon=True),
        threading.Thread(target=_read_lines, args=(process.stderr, err), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not out and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert out == [f"Overeenkomsten draait op http://127.0.0.1:{port}/\n"], "".join(err)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=30) as page:
            assert page.status == 200
            assert "Inloggen" in page.read().decode()

        key = data / "geheim.key"
        assert key.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(data / "database.sqlite3") as db:
            rows = db.execute(
                "SELECT username, is_superuser FROM auth_user WHERE username = 'beheer'"
            ).fetchall()
            assert rows == [("beheer", 1)]
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
            assert mode == "wal"
        assert "De eerste beheerder 'beheer' is aangemaakt." in "".join(err)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, "".join(err)
    for reader in readers:
        reader.join(5)
    process.stdout.close()  # type: ignore[union-attr]
    process.stderr.close()  # type: ignore[union-attr]
    assert "Traceback" not in "".join(err)


def test_web_says_how_to_make_a_beheerder_without_one(tmp_path: Path) -> None:
    result = subprocess.run(
        _command("web-beheer", "--data", str(tmp_path), "check"),
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "geheim.key").exists()


def test_a_wrong_address_is_a_dutch_error(tmp_path: Path) -> None:
    result = subprocess.run(
        _command("web", "--data", str(tmp_path), "--adres", "localhost"),
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "geen geldig adres" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_web_extra_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['django'] = None; sys.modules['waitress'] = None; "
        "from overeenkomsten.cli import main; "
        f"main(['web', '--data', {str(tmp_path)!r}])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "pip install '.[web]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_library_does_not_import_the_web_application() -> None:
    code = (
        "import sys, overeenkomsten.api, overeenkomsten.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('overeenkomsten.web', 'django'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_web_beheer_createsuperuser_is_dutch_and_gives_a_profile(tmp_path: Path) -> None:
    def maak(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            _command("web-beheer", "--data", str(tmp_path), "createsuperuser"),
            env=_env(**env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    zonder = maak()
    assert zonder.returncode == 2
    assert "er is geen terminal" in zonder.stderr
    goed = maak(DJANGO_SUPERUSER_USERNAME="beheer", DJANGO_SUPERUSER_PASSWORD="Lang-wachtwoord-1")
    assert goed.returncode == 0, goed.stderr
    assert "De beheerder 'beheer' is aangemaakt." in goed.stderr
    dubbel = maak(
        DJANGO_SUPERUSER_USERNAME="Beheer", DJANGO_SUPERUSER_PASSWORD="Ander-wachtwoord-2"
    )
    assert dubbel.returncode == 2
    assert "bestaat al" in dubbel.stderr
    with sqlite3.connect(tmp_path / "database.sqlite3") as db:
        rows = db.execute(
            "SELECT u.username, u.is_superuser, p.rol, o.soort FROM auth_user u "
            "JOIN web_profiel p ON p.user_id = u.id "
            "JOIN web_organisatie o ON o.id = p.organisatie_id"
        ).fetchall()
    assert rows == [("beheer", 1, "beheerder", "beheer")]
    for uitvoer in (zonder, goed, dubbel):
        assert "Traceback" not in uitvoer.stderr
        assert "unapplied migration" not in uitvoer.stderr


def test_an_unreachable_database_is_a_dutch_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        result = subprocess.run(
            _command("web", "--data", str(tmp_path), "--adres", "127.0.0.1:0"),
            env=_env(OVEREENKOMSTEN_DATABASE_URL=f"postgresql://u:geheim@127.0.0.1:{port}/x"),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert "Kan de database uit OVEREENKOMSTEN_DATABASE_URL niet gebruiken" in result.stderr
    assert "geheim" not in result.stderr
    assert "Traceback" not in result.stderr
