"""``{% filter_fields filter %}``: a list's filter fields, from the cache where they can be
(``cooperation.menus.filter_fields``)."""

from django import template

from .. import menus

register = template.Library()
register.simple_tag(menus.filter_fields)
