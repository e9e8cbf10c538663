from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from cases import lookup as case_lookup
from cases import views as case_views
from documents import views as document_views
from forms_app import views as form_views
from organisation import account_settings

from . import views

#: Wagtail's choosers take any string as the chosen object's id (``chosen/<str:pk>/``) and look it up as an
#: integer, so ``chosen/abc/`` raises ValueError (a 500). Every model they choose here has an integer id: any
#: other value is answered 404 before Wagtail's view sees it.
WAGTAIL_CHOOSERS = r"^admin/(?:documents/chooser|images/chooser|snippets/choose/[\w-]+/[\w-]+)/chosen/"
NOT_AN_ID = r"(?![0-9]{1,18}/$)[^/]+/$"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    re_path(WAGTAIL_CHOOSERS + NOT_AN_ID, views.not_found),
    # Wagtail's account page, at its own address, with a name that may be left empty (organisation.account_settings).
    path("admin/account/", never_cache(require_admin_access(account_settings.AccountView.as_view()))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("track/find/", case_lookup.track_find, name="track_find"),
    path("track/<token:token>/", case_views.track, name="track"),
    path("track/<token:token>/documents/<id:pk>/", document_views.resident_download, name="track_document"),
    path("results/", include("statistics_app.board.urls")),
    path("orders/", include("community.orders.urls")),  # 居民点单, 微心愿, the party members' pages
    path("verify/", document_views.verify, name="verify"),
    path("verify/<str:code>/", document_views.verify, name="verify_document"),
    path("uploads/<uuid:pk>/", form_views.download_upload, name="download_upload"),
    path("submit/<id:page_id>/", form_views.form_post, name="form_post"),
    path("submitted/<token:token>/", case_views.form_done, name="form_done"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include("programmes.urls")),  # the programmes' public pages (公示, 红黑榜, honour lists …)
    path("", include(wagtail_urls)),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
