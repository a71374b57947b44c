# dtls_bench.comp: the DTLS handshake benchmark (tools/bench/dtls.wire):
# our client and server over real UDP on 127.0.0.1 beside OpenSSL's, timed
# and counted, and at MTU 60, 80 and 1200 beside GnuTLS's (see
# tools/bench/bench.py for the --list / --run / --figures protocol).
component DtlsBench
uses Datagram as c
uses Session as c_session
uses Datagram as s
uses Session as s_session
uses TrafficCount as tap                # what crossed our client's socket
uses MtuControl as c_mtu               # our client's and server's MTU (the MTU figures)
uses MtuControl as s_mtu
uses TaskLoop as loop
uses McuSleep as sleep
uses Timer as guard
entry
sources dtls_bench_openssl.c dtls_bench_gnutls.c dtls_bench.c
platforms posix
