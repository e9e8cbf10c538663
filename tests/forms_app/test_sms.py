"""The SMS backends: the HTTP gateway adapter against a local stand-in for the gateway (the only thing
mocked is the provider's HTTP endpoint), and the file backend the demo and tests read."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from forms_app import sms


class Gateway(BaseHTTPRequestHandler):
    """Records each request and answers with the server's ``reply`` (status, JSON body)."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, answer = self.server.reply
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    server.received, server.reply = [], (200, {"code": "OK", "message": "sent"})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "forms_app.sms.HttpBackend"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/sms/send"
    settings.SMS_HTTP_KEY_ID, settings.SMS_HTTP_SECRET, settings.SMS_SIGN_NAME = "key-1", "s3cret", "镇赉县政务"
    yield server
    server.shutdown()
    server.server_close()


def test_the_gateway_gets_the_phone_sign_name_and_text_as_json_signed_with_the_secret(gateway):
    sms.backend().send("13812345678", "您的验证码是 123456")
    [request] = gateway.received
    assert request["path"] == "/sms/send"
    assert json.loads(request["body"]) == {"phone": "13812345678", "sign_name": "镇赉县政务",
                                           "content": "您的验证码是 123456"}
    headers = request["headers"]
    assert headers["X-Access-Key"] == "key-1" and headers["Content-Type"].startswith("application/json")
    expected = sms.signature("s3cret", headers["X-Timestamp"], headers["X-Nonce"], request["body"])
    assert headers["X-Signature"] == expected
    assert sms.signature("wrong", headers["X-Timestamp"], headers["X-Nonce"], request["body"]) != expected


@pytest.mark.parametrize("reply", [(200, {"code": "isv.BUSINESS_LIMIT_CONTROL"}), (500, {"code": "OK"}),
                                   (403, {"message": "bad signature"})])
def test_a_refusal_by_the_gateway_is_an_sms_error(gateway, reply):
    gateway.reply = reply
    with pytest.raises(sms.SmsError):
        sms.backend().send("13812345678", "text")


def test_an_unreachable_gateway_is_an_sms_error(settings):
    settings.SMS_BACKEND = "forms_app.sms.HttpBackend"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/"
    with pytest.raises(sms.SmsError):
        sms.backend().send("13812345678", "text")


def test_the_file_backend_appends_one_line_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "out" / "sms.log")
    sms.backend().send("13812345678", "一")
    sms.backend().send("13900000000", "二")
    assert (tmp_path / "out" / "sms.log").read_text(encoding="utf-8") == "13812345678\t一\n13900000000\t二\n"


def test_the_console_backend_prints_the_message(settings, capsys):
    settings.SMS_BACKEND = "forms_app.sms.ConsoleBackend"
    sms.backend().send("13812345678", "验证码 654321")
    assert "13812345678" in capsys.readouterr().out
