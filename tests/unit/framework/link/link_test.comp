# link_test.comp: cmocka driver for FakeLink: three nodes on the shared
# medium, the Datagram contract, and the fault model's statistics over
# many seeds (tests/wirings/fake_link.wire)
component LinkTest
uses Datagram as a
uses Datagram as b
uses Datagram as c
uses FakeLinkCtl as ctl_a
uses FakeLinkCtl as ctl_b
uses TaskLoop as loop
entry
sources link_test.c
platforms posix
