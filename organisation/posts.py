"""A team's A and B posts (互为顶岗、互为备岗): who holds them, as a service with its audit entry.

Each post may be held by several of the team's staff; a person holds one post a team. A holder who is not yet a
handler of the team is made one, so that every holder can open and claim the team's cases.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .constants import Post, StaffRole
from .models import Department, DepartmentPost, StaffMembership


class PostError(Exception):
    pass


def department_set_posts(*, department, a, b, by):
    """The A post held by ``a`` and the B post by ``b`` (iterables of users), replacing the holders before."""
    a, b = list(a), list(b)
    both = {u.pk for u in a} & {u.pk for u in b}
    if both:
        raise PostError(_("A person holds one post of a team: choose them for the A or for the B post."))
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        before = sorted((p.post, p.user.username) for p in department.posts.select_related("user"))
        department.posts.exclude(user__in=a + b).delete()
        for post, users in ((Post.A, a), (Post.B, b)):
            for user in users:
                DepartmentPost.objects.update_or_create(department=department, user=user, defaults={"post": post})
                if not StaffMembership.objects.filter(user=user, role=StaffRole.HANDLER,
                                                      department=department).exists():
                    StaffMembership.objects.create(user=user, role=StaffRole.HANDLER, region=department.region,
                                                   department=department)
        after = sorted((p.post, p.user.username) for p in department.posts.select_related("user"))
        if before != after:
            audit.record(department, "govforms.posts_change", user=by, before=before, after=after)
    return department
