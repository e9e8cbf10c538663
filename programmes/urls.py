"""The programmes' public pages (included at the site's root by config.urls, before Wagtail's pages)."""

urlpatterns = []
