# dtls_interop_test.comp: cmocka driver of the OpenSSL interop smoke test:
# our client against `openssl s_server`, `openssl s_client` against our
# server, on loopback over real UDP sockets (tests/wirings/dtls_interop.wire)
component DtlsInteropTest
uses Datagram as c
uses Session as c_session
uses Datagram as s
uses Session as s_session
uses TaskLoop as loop
uses McuSleep as sleep
uses Timer as guard
entry
sources dtls_interop_test.c
platforms posix
