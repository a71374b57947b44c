# dtls_loss_bench.comp: handshake time on a lossy link, ours<->ours over
# FakeLink on fake time (tools/bench/dtls_loss.wire): exact figures for
# bench.py's --figures request (no timed cases)
component DtlsLossBench
uses Datagram as c
uses Session as c_session
uses Datagram as s
uses Session as s_session
uses FakeLinkCtl as ctl_c
uses FakeLinkCtl as ctl_s
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources dtls_loss_bench.c
platforms posix
