"""The demo's 红黑榜 in 幸福社区: entries in every step, the black list masked on the public page, seeded once."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from programmes.models import HonourEntry
from programmes.models.honours_machine import HonourState as S

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_nominated_and_waiting_entries_and_masks_the_black_list(client, demo):
    call_command("seed_demo")  # a second run adds nothing
    states = sorted(HonourEntry.objects.values_list("list", "state"))
    assert states == [("black", S.PUBLISHED), ("black", S.REVIEWED), ("red", S.NOMINATED), ("red", S.PUBLISHED),
                      ("red", S.PUBLISHED)]
    assert HonourEntry.objects.filter(source="nomination").count() == 2
    page = client.get(reverse("honours_board", args=["220821100001"])).content.decode()
    assert "王建国" in page and "赵秀兰" in page and "李**" in page
    assert "李堃喆" not in page and "孙某某" not in page and "志愿服务队" not in page
