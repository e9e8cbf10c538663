"""The demo's check-up inspectors (体检检查员): a group holding ``programmes.inspect``, and two inspectors, one for the
town's communities (镇赉镇) and one for the villages (建平乡), so each is refused the other's communities."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from organisation.constants import StaffRole
from organisation.models import Region, StaffMembership

INSPECTORS = [
    # username, (surname, given name), region code of their reach
    ("inspector", ("韩", "立新"), "220821100"),  # 县委政法委检查组, 镇赉镇's communities
    ("inspector_xc", ("马", "春燕"), "220821200"),  # 建平乡's villages
]


def seed_inspectors(password):
    """The group and its inspectors, idempotently. An inspector's reach is a supervisor's membership of the street:
    they follow the rectifications they open up to the re-inspection."""
    group, _ = Group.objects.get_or_create(name="体检检查员")
    group.permissions.add(Permission.objects.get(content_type__app_label="programmes", codename="inspect"),
                          Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    User = get_user_model()
    for username, (surname, given_name), region in INSPECTORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, last_name=surname, first_name=given_name,
                        email=f"{username}@demo.invalid")
            user.set_password(password)
            user.save()
        user.groups.add(group)
        StaffMembership.objects.get_or_create(user=user, role=StaffRole.SUPERVISOR,
                                              region=Region.objects.get(code=region))
