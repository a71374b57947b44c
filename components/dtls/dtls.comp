# dtls.comp: DTLS 1.2 with pre-shared keys (TLS_PSK_WITH_AES_128_CCM_8):
# both roles' handshakes, stateless cookies, records, alerts and sessions.
# Upward the same Datagram as UDP (secured), plus Session control.
generic component Dtls
provides Datagram as datagram          # secured, upward
provides Session as session
provides DtlsStats as stats           # counters per peer and in total
uses Datagram as transport             # UDP below (or 6LoWPAN later)
uses CipherSuite as suite
uses Mac as mac                        # stateless cookies
uses Hash as hash                      # handshake transcript
uses Random as random
uses Timer as timer                    # timeouts, cookie secret rotation
uses Pool as pool                      # peers: one object per handshake or session
uses PskStore as psk
uses Log as log default NoLog          # handshake trace: messages, retransmissions, alerts, sessions
param peers: u16 = 2 in 1..64          # the pool's count (object size at least sizeof(struct dtls_peer))
param role: u8 = 3 in 1..3             # 1 client, 2 server, 3 both
param handshake_timeout_ms: u32 = 20000 in 1000..600000
param cookie_period_ms: u32 = 60000 in 1000..86400000
param idle_timeout_ms: u32 = 0 in 0..86400000  # 0: sessions never idle out
size pool_bytes = peers * sizeof(struct dtls_peer)
task reap
sources dtls_trace.c dtls.c dtls_record.c dtls_handshake.c dtls_hello.c
platforms any
