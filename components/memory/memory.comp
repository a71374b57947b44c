# memory.comp: fixed-size pools (Pool): `count` objects of `obj_size`
# bytes each, for DTLS peers and handshakes; one instance per pool
generic component Memory
provides Pool as pool
param count: u16 = 4 in 1..4096         # objects in the pool
param obj_size: u16 = 16 in 1..8192     # bytes per object (rounded up to the platform's alignment)
size pool_bytes = count * MEMORY_SLOT(obj_size)   # checked with the build's alignment: stricter on the host (16) than on MSP430 (2)
size link_bytes = count * sizeof(uint16_t)
init
sources memory.c
platforms any
