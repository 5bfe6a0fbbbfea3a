"""Templates ask the same permission rules as services and views: `{% load ladder_policies %}`.

{% allowed "learning.can_run_session" session as may_run %}
{% if may_run %}…{% endif %}
"""

from __future__ import annotations

from typing import Any

from django import template

from ladder.core.access import access_for
from ladder.core.policies import REGISTRY

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: template.Context, rule_name: str, *objects: Any) -> bool:
    """Whether the signed-in person passes the named rule (``"app.rule"``) for the objects."""
    rule = REGISTRY.get(rule_name)
    if rule is None:
        raise template.TemplateSyntaxError(f"No permission rule named {rule_name!r}.")
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(rule(access_for(user), *objects))
