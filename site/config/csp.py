"""Content-Security-Policy, one policy per area of the site (django-csp 4, the CONTENT_SECURITY_POLICY format).

Residents' pages (everything outside the Wagtail admin) get the strict policy of ``CONTENT_SECURITY_POLICY`` in
the settings: scripts only from our own origin *and* carrying this response's nonce, styles only from our own
stylesheets, no plugins, no other origin, no framing. Our templates put ``nonce="{{ request.csp_nonce }}"`` on
every ``<script>`` and use no inline event handlers or style attributes, so nothing of ours is refused.

The Wagtail admin (``/admin/``) gets ``ADMIN_DIRECTIVES`` below. Wagtail 8 has no nonce support: it still writes
inline ``<script>`` blocks (InlinePanel and MultipleChooserPanel set-up on every page editor with child
panels, the date and time widgets, modeladmin's slug prepopulation), its modal choosers insert HTML carrying
inline scripts, and its templates and scripts use inline ``style`` attributes. A nonce in ``script-src`` makes
browsers ignore ``'unsafe-inline'`` and would refuse all of those, so the admin allows inline scripts and
styles and nothing else: still no ``eval``, no plugins, no other origin (images also as ``data:``/``blob:``,
which the image uploader's previews use), ``base-uri``/``form-action`` our origin, and framing only by our own
pages (Wagtail's live preview frames the page it previews). That is the strictest policy under which the
browser tests (page editor, case workbench, choosers) see no violation.
"""
from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}


def admin_prefix():
    """Where the Wagtail admin is mounted (``/admin/``), read from the URLconf once it is loaded."""
    return reverse("wagtailadmin_home")


class AreaCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's policy on the admin's addresses (see the module docstring)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(admin_prefix()):
            return PolicyParts(config=dict(ADMIN_DIRECTIVES), update=parts.update, replace=parts.replace,
                               nonce=None)
        return parts
