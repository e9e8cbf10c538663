"""The programmes' public pages (included at the site's root by config.urls, before Wagtail's pages)."""

from django.urls import include, path

urlpatterns = [
    path("honours/", include("programmes.honours.urls")),  # §3 红黑榜: a community's lists, appeals
    path("stars/", include("programmes.stars.urls")),  # §2 星级文明户: 公示, objections, honour lists
]
