# pool_test.comp: cmocka driver for Memory, the fixed-size pools
# (tests/wirings/dtls_pool.wire)
component PoolTest
uses Pool as a
uses Pool as b
uses Pool as b2
uses Pool as c
entry
sources pool_test.c
platforms posix msp430sim
