import re

from forms_app.constants import FieldType
from tests.factories import make_form


def test_single_page_form_submits_and_shows_reference(client, db):
    page = make_form([("姓名", FieldType.SINGLELINE), ("电话", FieldType.MOBILE)])
    response = client.get(page.url)
    key = re.search(r'name="_key" value="([0-9a-f]{32})"', response.content.decode()).group(1)
    response = client.post(page.url, {"_key": key, "_step": "1", "xing_ming": "张三", "dian_hua": "13812345678"})
    assert response.status_code == 303, response.content.decode()[:2000]
    done = client.get(response["Location"])
    assert re.search(r"SQ-\d{4}-000001", done.content.decode())
