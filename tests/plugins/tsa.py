"""A real RFC 3161 timestamp server on 127.0.0.1 for the test session.

It speaks HTTP like any public TSA (POST ``application/timestamp-query``, answer
``application/timestamp-reply``); the tokens are made by pyHanko's own TSA implementation
(:class:`~pyhanko.sign.timestamps.dummy_client.DummyTimeStamper`) with the test CA's TSA
certificate, so they chain to ``test_pki.root_pem``. ``onderteken --tsa URL`` talks to it
over the network stack, exactly as it talks to a public service.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from overeenkomsten.handtekeningen.sleutels import load_signer
from tests.plugins.pki import PkiMaterial


@dataclass
class TsaServer:
    """The running server: its URL and the number of requests it answered."""

    url: str
    verzoeken: list[bytes] = field(default_factory=list)


def _handler(stamper: DummyTimeStamper, server: TsaServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415)
                return
            request = tsp.TimeStampReq.load(body)
            server.verzoeken.append(body)
            answer = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return  # quiet: pytest shows failures, not access logs

    return Handler


@pytest.fixture(scope="session")
def tsa_server(test_pki: PkiMaterial) -> Iterator[TsaServer]:
    """A timestamp server on 127.0.0.1 (random port) for the whole session."""
    authority = load_signer(test_pki.tsa_p12, test_pki.wachtwoord)
    stamper = DummyTimeStamper(
        tsa_cert=authority.signing_cert,
        tsa_key=authority.signing_key,
        certs_to_embed=authority.cert_registry,
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server = TsaServer(f"http://127.0.0.1:{httpd.server_address[1]}/tsa")
    httpd.RequestHandlerClass = _handler(stamper, server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
