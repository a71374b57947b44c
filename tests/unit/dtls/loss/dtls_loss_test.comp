# dtls_loss_test.comp: cmocka driver of the loss matrix: our client and
# server back to back through DtlsLossTap (drops) over FakeLink (duplicates,
# reordering) on fake time, many seeds per cell, each run refereed against
# RFC 6347's timer schedule (tests/wirings/dtls_loss*.wire)
component DtlsLossTest
uses Datagram as c
uses Session as c_session
uses DtlsStats as c_stats
uses Datagram as s
uses Session as s_session
uses DtlsStats as s_stats
uses FakeLinkCtl as ctl_c
uses FakeLinkCtl as ctl_s
uses Pool as c_pool
uses Pool as s_pool
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
param hint_len: u16 = 0 in 0..250       # the server's identity hint in every cell (a cell may ask for a longer one)
param known_bug: bool = false           # count runs that stop at the known bug (dtls_loss_check.h) instead of failing
entry
sources dtls_loss_test.c
platforms posix
