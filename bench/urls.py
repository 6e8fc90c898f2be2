"""The portal's URLs and one more for the page benchmark: the layout alone.

``/bench/layout/`` is ``base.html`` with no content for a logged-in officer: the session, the
user, the middleware, the navigation and the notification bell, what every staff page pays before
its own work. The benchmark measures it beside the pages (``bench.pages``); the portal never
serves it.
"""

from django.urls import path
from django.views.generic import TemplateView

from cooperation.urls import urlpatterns as portal_urlpatterns
from cooperation.views.staff import staff_only

urlpatterns = [
    path(
        "bench/layout/",
        staff_only(TemplateView.as_view(template_name="base.html")),
        name="bench_layout",
    ),
    *portal_urlpatterns,
]
