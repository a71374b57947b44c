# mtu_clamp.comp: a Datagram pass-through whose mtu() is at most a limit set
# at run time (a tool's --mtu); larger sends are refused with E_SIZE
generic component MtuClamp
provides Datagram as datagram
provides MtuControl as control
uses Datagram as link
param mtu: u16 = 0 in 0..65535           # the initial limit; 0: the link's own
sources mtu_clamp.c
platforms any
