from bdc.hooks import bdc_page
from kotaku.lib.hooks import Hook
from ksm.hooks import ksm_page, quick_status
from monitoring import related


def test_merged_joins_the_registered_functions_in_order():
    hook = Hook()
    hook.register(lambda n: {"a": n, "b": 1})
    hook.register(lambda n: {"b": n * 2})
    assert hook.merged(3) == {"a": 3, "b": 6}


def test_a_function_registered_twice_runs_once():
    hook, calls = Hook(), []

    def add(n):
        calls.append(n)
        return {}

    hook.register(add)
    hook.register(add)
    hook.merged(1)
    assert calls == [1]


def test_an_empty_hook_adds_nothing():
    assert Hook().merged("anything") == {}


def test_monitoring_adds_its_visits_to_the_ksm_and_bdc_pages_and_quick_status():
    assert related.ksm_page in ksm_page._functions
    assert related.bdc_page in bdc_page._functions
    assert related.ksm_visit_status in quick_status._functions
