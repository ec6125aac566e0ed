"""The web tests configure Django in the process that runs the whole suite: the process's
time zone must stay the machine's, or "today" in the library's tests would change at the
Dutch midnight."""

from __future__ import annotations

import os
import subprocess
import sys


def test_configuring_django_leaves_the_process_time_zone_alone() -> None:
    code = (
        "import os, time, datetime; "
        "os.environ['TZ'] = 'Pacific/Kiritimati'; time.tzset(); "
        "import tests.web.conftest; "
        "print(os.environ.get('TZ'), time.tzname[0], datetime.datetime.now().astimezone().tzname())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVEREENKOMSTEN_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split()[0] == "Pacific/Kiritimati", result.stdout
    assert "CET" not in result.stdout
