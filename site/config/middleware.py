"""Project-wide middleware: staff sessions end after a spell without activity; a request that lacks a parameter
its view requires is answered 400."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _

from .views import bad_request

SESSION_KEY = "staff_last_seen"
#: The last-seen time is written at most this often, so that most requests do not save the session.
RESOLUTION_SECONDS = 60


class StaffIdleTimeout:
    """Log a signed-in user out after ``STAFF_IDLE_MINUTES`` without a request (a shared office computer
    left open), and send them to the admin login with a message. Residents are never signed in: their
    sessions (drafts of multi-step forms) are not touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = int(getattr(settings, "STAFF_IDLE_MINUTES", 30)) * 60
            last_seen = request.session.get(SESSION_KEY)
            if idle and last_seen is not None and now - last_seen > idle:
                return self.log_out(request)
            if last_seen is None or now - last_seen >= RESOLUTION_SECONDS:
                request.session[SESSION_KEY] = now
        return self.get_response(request)

    def log_out(self, request):
        logout(request)
        minutes = int(getattr(settings, "STAFF_IDLE_MINUTES", 30))
        messages.info(request, _("You were signed out after %(minutes)d minutes without activity. "
                                 "Please sign in again.") % {"minutes": minutes})
        return redirect(f"{reverse('wagtailadmin_login')}?next={request.get_full_path()}")


@receiver(user_logged_in, dispatch_uid="staff-idle-timeout-login")
def seen_at_login(sender, request, user, **kwargs):
    """Signing in is activity: the clock starts then, and the first page after it writes no session."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = int(time.time())


class MissingParameterIsBadRequest:
    """A request without a field its view reads as ``request.POST["…"]`` (a hand-made POST to Wagtail's *copy
    page*, say) is the client's mistake: answered 400 with the error page, not a 500. Django raises
    MultiValueDictKeyError only for a missing key of the request's GET/POST/FILES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            return bad_request(request, exception)
        return None
