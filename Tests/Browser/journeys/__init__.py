"""The browser journeys of issue #6, in the order they run.

Each module has NAME, a docstring (its first line is printed), NEEDS (the console assets
it drives; the journey is skipped while one is not served) and run(ctx).
"""
from . import bad_input, call_to_close, cti_gateway, login, roles

JOURNEYS = [cti_gateway, login, roles, call_to_close, bad_input]
