"""Hooks: how a higher app adds to a lower app's work, since imports run one way.

A lower app declares a hook where its page or report needs something only a higher app knows
(the KSM page shows the visits to the group, which monitoring records); the higher app
registers a function on it in its `AppConfig.ready()`. The lower app never imports the higher.
"""

from collections.abc import Callable


class Hook:
    """Functions registered by other apps, each returning a dict; `merged()` joins their dicts."""

    def __init__(self) -> None:
        self._functions: list[Callable[..., dict]] = []

    def register(self, function: Callable[..., dict]) -> Callable[..., dict]:
        """Add `function` (once, however often `ready()` runs); usable as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def merged(self, *args, **kwargs) -> dict:
        """Every registered function called with these arguments, their dicts merged in order."""
        result: dict = {}
        for function in self._functions:
            result |= function(*args, **kwargs)
        return result
