"""`{% address 'pages:mission' mission.slug %}`: `{% url %}`, remembered per process (`missions.addresses`), for
pages that show many links."""

from django import template

from missions.addresses import address as remembered

register = template.Library()


@register.simple_tag
def address(viewname: str, *args) -> str:
    return remembered(viewname, *args)
