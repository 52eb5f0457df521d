"""`{% url %}` for the links every page or every row of a table writes.

`{% code_url "ksm:ksm_detail" ksm.code %}` (a record's page) and `{% page_url "home" %}` (a
page of no arguments: the menu's) write the same path as `{% url %}`, reversed once
(kotaku.lib.paths): `{% url %}` costs some 50 µs a link, these a few.
"""

from django import template

from kotaku.lib.paths import code_url as _code_url
from kotaku.lib.paths import list_path

register = template.Library()


@register.simple_tag
def code_url(name: str, code) -> str:
    return _code_url(name, str(code))


@register.simple_tag
def page_url(name: str) -> str:
    return list_path(name)
