import gc
import threading

import pytest

from kotaku.lib.collector import DEFERRED_THRESHOLD, full_collections_deferred


@pytest.fixture(autouse=True)
def known_threshold():
    old = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*old)


def test_the_oldest_generation_waits_inside_the_block_and_not_after():
    with full_collections_deferred():
        assert gc.get_threshold() == (700, 10, DEFERRED_THRESHOLD)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_threshold_is_restored_when_the_block_raises():
    with pytest.raises(RuntimeError), full_collections_deferred():
        raise RuntimeError("the render failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_overlapping_blocks_in_two_threads_restore_the_threshold_once_both_are_done():
    first_inside, second_done = threading.Event(), threading.Event()
    seen = {}

    def first():
        with full_collections_deferred():
            first_inside.set()
            second_done.wait(5)
            seen["first, after the second left"] = gc.get_threshold()[2]

    thread = threading.Thread(target=first)
    thread.start()
    assert first_inside.wait(5)
    with full_collections_deferred():
        seen["second"] = gc.get_threshold()[2]
    second_done.set()
    thread.join(5)
    assert seen == {
        "second": DEFERRED_THRESHOLD,
        "first, after the second left": DEFERRED_THRESHOLD,
    }
    assert gc.get_threshold() == (700, 10, 10)
