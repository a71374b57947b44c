# netq.comp: NetQ, per-peer ordered queues of what DTLS may have to
# (re)transmit, in bounded memory, with one retransmission deadline per
# peer on a virtual timer (Queue)
generic component NetQ
provides Queue as queue
uses Timer as timer
param entries: u8 = 8 in 1..254            # entries queued at once, all peers together
param peers: u8 = 4 in 1..254              # peers with entries or a deadline at once
param bytes: u16 = 512 in 1..32768         # bytes queued at once, all entries together
param max_timeout_ms: u32 = 60000 in 1..0x7fffffff  # backoff() doubles the timeout up to this (RFC 6347 4.2.4.1: 60 s)
size data_bytes = bytes
size table_bytes = entries * sizeof(struct netq_entry) + peers * sizeof(struct netq_peer)
sources netq.c
platforms any
