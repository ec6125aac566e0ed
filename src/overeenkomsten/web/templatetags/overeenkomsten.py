"""Template filters: ``{% load overeenkomsten %}`` then ``{{ bsn|masker }}`` (``*****2333``)
for lists, and ``{{ tekst|zonder_bsn }}`` for any text that might quote one."""

from __future__ import annotations

from django import template

from overeenkomsten._tekst import scrub_bsn
from overeenkomsten.errors import mask_bsn

register = template.Library()


@register.filter
def masker(waarde: object) -> str:
    return mask_bsn(waarde)


@register.filter
def zonder_bsn(waarde: object) -> str:
    return scrub_bsn("" if waarde is None else str(waarde))
