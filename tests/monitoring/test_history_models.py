import importlib
import pickle

import pytest
from django.apps import apps


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in apps.get_app_config("monitoring").get_models()
        if m.__name__.startswith("Historical")
    ],
    ids=lambda model: model.__name__,
)
def test_each_historical_model_is_importable_where_its_module_says(model):
    # The shell's auto-import and pickle both find a class by its __module__ and name.
    assert getattr(importlib.import_module(model.__module__), model.__name__) is model
    assert pickle.loads(pickle.dumps(model(history_type="+"))).history_type == "+"
