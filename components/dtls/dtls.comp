# dtls.comp: DTLS 1.2 with pre-shared keys (TLS_PSK_WITH_AES_128_CCM_8):
# both roles' handshakes, stateless cookies, flights kept in NetQ and
# retransmitted (RFC 6347 4.2.4), fragmentation to the transport's MTU and
# reassembly, records, alerts and sessions. Upward the same Datagram as
# UDP (secured), plus Session control and statistics.
#
# Datagram.send to a peer without a session (client role) starts the
# handshake and copies the data into a queue of queue_bytes (4 bytes of
# bookkeeping per datagram); send_done(E_OK) follows from a task, and the
# data goes out, in order, once the session is up. If the handshake fails
# the queued data is discarded and Session.closed(peer, reason, alert)
# says why. send() returns E_NOMEM when the queue (or a pool) is full,
# E_OFF without a queue or on a server-only instance, E_BUSY while an
# earlier send is not done.
generic component Dtls
provides Datagram as datagram          # secured, upward
provides Session as session
provides DtlsStats as stats            # counters per peer and in total
uses Datagram as transport             # UDP below (or 6LoWPAN later); mtu() read for every flight datagram
uses CipherSuite as suite
uses Mac as mac                        # stateless cookies
uses Hash as hash                      # handshake transcript
uses Random as random
uses Timer as timer                    # handshake/idle timeouts, cookie secret rotation (250 ms tick)
uses Pool as pool                      # peers: one object per handshake or session, obj_size >= sizeof(struct dtls_peer)
uses Pool as hs_pool                   # handshakes in progress: obj_size >= hs_bytes below
uses Queue as netq                     # NetQ: our last flight per peer, and its retransmission deadline
uses PskStore as psk
uses Log as log default NoLog          # handshake trace: messages, retransmissions, alerts, sessions
param peers: u16 = 2 in 1..64          # the pool's count
param role: u8 = 3 in 1..3             # 1 client, 2 server, 3 both
param handshake_timeout_ms: u32 = 20000 in 1000..600000  # a handshake ends (SESSION_TIMEOUT) this long after it started
param cookie_period_ms: u32 = 60000 in 1000..86400000
param idle_timeout_ms: u32 = 0 in 0..86400000  # 0: sessions never idle out
param retx_initial_ms: u32 = 1000 in 10..60000     # first retransmission timeout (RFC 6347 4.2.4.1: 1 s)
param retx_max_ms: u32 = 60000 in 10..600000       # the doubling stops here (RFC 6347: 60 s)
param retx_limit: u8 = 10 in 0..32                 # retransmissions of one flight; the next expiry gives up
param reasm_slots: u8 = 2 in 1..8                  # handshake messages being reassembled at once
param reasm_cap: u16 = 257 in 16..2048             # the longest fragmented message taken in (longer: illegal_parameter); 257: a ServerKeyExchange with the longest hint (2 + PSK_HINT_MAX)
param queue_bytes: u16 = 128 in 0..4096            # data waiting for a handshake (0: send() needs a session)
size pool_bytes = peers * sizeof(struct dtls_peer)
size hs_bytes = DTLS_HS_SIZE(reasm_slots, reasm_cap)
task reap
sources dtls_trace.c dtls.c dtls_record.c dtls_handshake.c dtls_hello.c
platforms any
