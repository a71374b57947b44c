# dtls_gnutls_test.comp: cmocka driver of the GnuTLS interop test: our
# client against `gnutls-serv`, `gnutls-cli` against our server, on
# loopback over real UDP sockets, each run captured and checked by tshark
# (tests/wirings/dtls_interop_gnutls.wire)
component DtlsGnutlsTest
uses Datagram as c
uses Session as c_session
uses Datagram as s
uses Session as s_session
uses DtlsStats as s_stats
uses MtuControl as c_mtu
uses MtuControl as s_mtu
uses TaskLoop as loop
uses McuSleep as sleep
uses Timer as guard
entry
sources dtls_gnutls_test.c
platforms posix
