# posix_udp.comp: Datagram over a non-blocking host UDP socket, IPv6 and
# IPv4 (v4-mapped) on one socket; one instance per bound port
generic component PosixUdp
provides Datagram as datagram
uses FdWatch as fds default PosixLoop     # every instance gets its own client id
uses Log as log default NoLog
param mtu: u16 = 1232 in 1..65507         # largest payload send() accepts; 1280 - 40 - 8 by default
param rx_bytes: u16 = 1232 in 1..65535    # receive buffer: larger datagrams are dropped (and logged)
task send_done
sources posix_udp.c
platforms posix
