# hash_bench.comp: SHA-256, HMAC-SHA256 and the TLS 1.2 PRF beside OpenSSL
# (see tools/bench/bench.py for the --list / --run protocol)
component HashBench
uses Hash as hash
uses Mac as mac
uses CipherSuite as suite
entry
sources hash_bench.c
platforms posix
