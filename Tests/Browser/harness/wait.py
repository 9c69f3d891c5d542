"""Waiting on conditions with deadlines (never fixed sleeps)."""
import time


class Timeout(AssertionError):
    """A condition did not hold before its deadline."""


def until(condition, timeout, what, interval=0.1):
    """Polls `condition` until it returns a truthy value (returned) or `timeout` seconds pass.

    Exceptions raised by the condition count as "not yet"; the last one is reported.
    """
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - reported on timeout
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise Timeout(f"timed out after {timeout:.0f}s waiting for {what}{detail}")
        time.sleep(interval)
