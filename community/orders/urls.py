"""Addresses of 居民点单 (public, by community code) and of the party members' pages (/orders/member/…)."""
from django.urls import path

from . import member_views, views

urlpatterns = [
    path("member/", member_views.home, name="community_member"),
    path("member/signin/", member_views.signin, name="community_signin"),
    path("member/signout/", member_views.signout, name="community_signout"),
    path("member/register/", member_views.register, name="community_register"),
    path("member/registrations/<int:pk>/services/", member_views.add_service, name="community_add_service"),
    path("member/wishes/<int:pk>/", member_views.wish_detail, name="community_member_wish"),
    path("member/wishes/<int:pk>/claim/", member_views.claim_wish, name="community_claim_wish"),
    path("member/needs/<int:pk>/", member_views.need_detail, name="community_member_need"),
    path("member/needs/<int:pk>/claim/", member_views.claim_need, name="community_claim_need"),
    path("<str:code>/", views.services, name="community_services"),
    path("<str:code>/services/<int:pk>/", views.order, name="community_order"),
    path("<str:code>/wish/", views.wish, name="community_wish"),
    path("<str:code>/wish/made/", views.wish_made, name="community_wish_made"),
]
