# dtls_mote.comp: the application of the DTLS size images
# (tools/bench/dtls/mote/*.wire): a DTLS echo on a mote; with `connect` set
# it also opens a session at boot (a client), so both roles' code is linked
component DtlsMote
uses Boot as boot
uses Datagram as net                   # secured (Dtls)
uses Session as session
param connect: u8 = 0 in 0..1          # 1: connect to the peer at boot
sources dtls_mote.c
platforms any
