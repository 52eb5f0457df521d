"""Inline SVG under the Content Security Policy.

pygal's charts carry their colours in a <style> element inside the SVG; the policy lets a
<style> element apply only when it has the nonce of the response it came with.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def with_style_nonce(svg: str, nonce) -> SafeString:
    """Give each <style> element in trusted markup (`svg`) the request's CSP nonce.

    `nonce` is request.csp_nonce, evaluated here so the nonce goes into the header too; empty
    (no CSP middleware, e.g. a PDF) leaves the markup as it is.
    """
    # Not `nonce or ""`: django-csp's lazy nonce is falsy until first read.
    nonce = "" if nonce is None else str(nonce)
    if not nonce:
        return mark_safe(svg)
    return mark_safe(svg.replace("<style", f'<style nonce="{escape(nonce)}"'))
