# fake_link.comp: an in-memory Datagram link; every instance is a node on
# one shared medium, with seeded loss, duplication and reordering
generic component FakeLink
provides Datagram as datagram
provides FakeLinkCtl as ctl
param mtu: u16 = 1232 in 1..2048
param loss: u16 = 0 in 0..1000          # per mille of this node's datagrams lost
param dup: u16 = 0 in 0..1000           # per mille delivered twice
param reorder: u16 = 0 in 0..1000       # per mille of copies held back 1-3 delivery rounds
param seed: u32 = 1
task send_done
task deliver
sources fake_link.c
platforms any
