"""The e-mails of notifications, built with Django's e-mail API (whatever EMAIL_BACKEND sends them).

Each message carries a ``Message-ID`` derived from what it is about, so a message sent twice (see
"the remaining window" in docs/notifications.md) is the same message to the recipient's mail
system and to anyone reading the logs.
"""

import hashlib
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .catalogue import event_get
from .models import Notification


def absolute_url(path: str) -> str:
    """``path`` (``/notifications/3/open/``) on the portal's public address."""
    return settings.PORTAL_BASE_URL + path


def message_id(seed: str) -> str:
    """A Message-ID that depends only on ``seed``: the same event gives the same header."""
    digest = hashlib.sha256(seed.encode()).hexdigest()[:40]
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    return f"<{digest}@{domain}>"


def _common_context(recipient) -> dict:
    return {
        "portal_name": settings.PORTAL_NAME,
        "recipient": recipient,
        "portal_url": absolute_url(reverse("public:home")),
        "notifications_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }


def _message(*, subject: str, text: str, html: str, to: str, seed: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": message_id(seed), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of one notification, in the portal's language."""
    event = event_get(notification.event)
    recipient = notification.recipient
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **_common_context(recipient),
            "notification": notification,
            "event": event,
            "link": absolute_url(reverse("notifications:open", args=[notification.pk])),
        }
        subject = _("%(title)s – %(portal)s") % {
            "title": notification.title,
            "portal": settings.PORTAL_NAME,
        }
        return _message(
            subject=subject,
            text=render_to_string(event.text_template, context),
            html=render_to_string(event.html_template, context),
            to=recipient.email,
            seed=f"notification:{recipient.pk}:{notification.key}",
        )


def digest_email(recipient, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    """One e-mail listing the notifications held for ``recipient``'s daily digest."""
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            {
                "notification": notification,
                "event": event_get(notification.event),
                "link": absolute_url(reverse("notifications:open", args=[notification.pk])),
            }
            for notification in notifications
        ]
        context = {**_common_context(recipient), "items": items}
        subject = ngettext(
            "Your daily summary: %(count)d notification – %(portal)s",
            "Your daily summary: %(count)d notifications – %(portal)s",
            len(items),
        ) % {
            "count": len(items),
            "portal": settings.PORTAL_NAME,
        }
        ids = ",".join(str(notification.pk) for notification in notifications)
        return _message(
            subject=subject,
            text=render_to_string("notifications/email/digest.txt", context),
            html=render_to_string("notifications/email/digest.html", context),
            to=recipient.email,
            seed=f"digest:{recipient.pk}:{ids}",
        )
