"""The intake reads .xlsx itself and uses only these public helpers of openpyxl: number
formats that are dates, and Excel serials to dates. A version that changes them fails
here, not in a user's batch."""

from __future__ import annotations

import datetime as dt
import inspect

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel


def test_the_helpers_the_reader_uses_behave_as_it_expects() -> None:
    assert list(inspect.signature(from_excel).parameters) == ["value", "epoch", "timedelta"]
    assert from_excel(46272, CALENDAR_WINDOWS_1900) == dt.datetime(2026, 9, 7)
    assert from_excel(46272 - 1462, CALENDAR_MAC_1904) == dt.datetime(2026, 9, 7)
    assert from_excel(1.5, CALENDAR_WINDOWS_1900, timedelta=True) == dt.timedelta(hours=36)
    assert BUILTIN_FORMATS[14] == "mm-dd-yy"
    assert is_date_format("d-m-yyyy")
    assert is_date_format(BUILTIN_FORMATS[22])
    assert not is_date_format("0.00")
    assert not is_date_format('"d"0')
    assert is_timedelta_format("[h]:mm:ss")
    assert not is_timedelta_format("h:mm")
