# crypto_cycles.comp: MCLK cycles of SHA-256, HMAC and the TLS PRF on the
# MSP430 (msp430sim, Timer_A counting SMCLK = MCLK), with budgets asserted;
# and of the DRBG
# (tests/wirings/crypto_cycles.wire)
component CryptoCycles
uses Hash as hash
uses Mac as mac
uses CipherSuite as suite
uses Random as random
entry
sources crypto_cycles.c
platforms msp430sim
