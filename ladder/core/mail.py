"""Every e-mail from templates: a text part and an HTML part, rendered the same way.

A mail named "<app>/email/<name>" has `<app>/email/<name>.txt` (extending "email/base.txt")
and usually `<app>/email/<name>.html` (extending "email/base.html"); without an HTML template
the HTML part is the text part with its links made clickable. Links in the context come from
`ladder.core.links.absolute_url`, so they work outside the site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def templated_message(
    template_prefix: str,
    context: Mapping[str, Any],
    *,
    subject: str,
    to: Sequence[str],
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The message, unsent (for a batch over one connection, or to attach a file)."""
    text = render_to_string(f"{template_prefix}.txt", dict(context))
    extra: dict[str, Any] = {}
    try:
        html_template = get_template(f"{template_prefix}.html")
    except TemplateDoesNotExist:
        # As plain text (not the rendered, "safe" string) so the HTML part escapes it.
        html_template, extra = get_template("email/base.html"), {"text": str.__str__(text)}
    html = html_template.render({**context, **extra})
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, list(to), headers=dict(headers or {})
    )
    message.attach_alternative(html, "text/html")
    return message


def send_templated(
    template_prefix: str, context: Mapping[str, Any], *, subject: str, to: Sequence[str]
) -> int:
    """Render and send one e-mail; the number sent (0 or 1), as Django's send() returns."""
    return templated_message(template_prefix, context, subject=subject, to=to).send()
