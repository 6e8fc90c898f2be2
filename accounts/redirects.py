from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_local(request: HttpRequest, target: str, *, fallback: str) -> HttpResponseRedirect:
    """Redirect to ``target`` if it is a path of this site, else to ``fallback``.

    ``target`` often comes from a form (``next``): it is used as it is, never reversed as a view
    name, and another host is refused. ``fallback`` is a URL name or a path.
    """
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(resolve_url(fallback))
