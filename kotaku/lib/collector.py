"""Keep Python's cyclic garbage collector from walking the whole process: during a big build,
and over the code and settings a server loads once.

A PDF render builds some 10^5 to 10^6 objects (boxes, styles, line layouts) that all live until
the file is written. With the default thresholds every batch of survivors that grows the oldest
generation by a quarter sets off a full collection, which walks every object of the process:
the render's and Django's alike, only to find nothing to free. Over a render of a few pages
that took about a third of the time. The young generations are still collected meanwhile (they
hold the short-lived cycles); the full collection runs as usual once the build is over.

That full collection still walked everything the process had loaded: some 250,000 objects
(Django, the app's modules, WeasyPrint, openpyxl), about 115 ms on the bench machine, paid by
whichever request came next, after every PDF. `freeze_loaded_code` moves what is loaded at
start-up out of the collector's sight for good (it is never garbage): the same collection then
walks the few tens of thousands of objects made since, in a few ms.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The oldest generation is collected after this many collections of the middle one: in effect
# never, during one build.
DEFERRED_THRESHOLD = 1_000_000

_lock = threading.Lock()
_active = 0
_saved_threshold = 0


@contextmanager
def full_collections_deferred() -> Iterator[None]:
    """Within the block, no full collection; the previous threshold is restored after.

    The thresholds are process-wide and a server may build in several threads at once: the
    first block to enter saves the threshold and the last to leave restores it.
    """
    global _active, _saved_threshold
    with _lock:
        if _active == 0:
            *young, _saved_threshold = gc.get_threshold()
            gc.set_threshold(*young, DEFERRED_THRESHOLD)
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                young = gc.get_threshold()[:2]
                gc.set_threshold(*young, _saved_threshold)


def freeze_loaded_code() -> None:
    """Load every module the URLs import (views, reports, and with them WeasyPrint and the
    XLSX writer), then leave what is loaded out of every later collection (gc.freeze).

    Called once at start-up (kotaku/wsgi.py). In gunicorn's master (preload_app) it has a
    second use the Python documentation names: the workers forked after it never write to the
    frozen objects' pages to collect them, so those pages stay shared between workers."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports the URLconf and every view module
    gc.collect()
    gc.freeze()
