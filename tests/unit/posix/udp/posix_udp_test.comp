# posix_udp_test.comp: cmocka driver for PosixUdp on loopback (IPv4 and IPv6)
component PosixUdpTest
uses Datagram as a           # mtu 1232, rx 1232
uses Datagram as b           # mtu 512, rx 512
uses Datagram as big         # mtu 65507, rx 65535
uses TaskLoop as loop
uses McuSleep as sleep
uses Timer as guard
entry
sources posix_udp_test.c
platforms posix
