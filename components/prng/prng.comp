# prng.comp: HMAC_DRBG (NIST SP 800-90A Rev. 1, section 10.1.2) with
# HMAC-SHA256, seeded and reseeded from the platform's Entropy
component PRNG
provides Random as random
uses Mac as mac
uses Entropy as entropy
param reseed_interval: u32 = 10000 in 1..1000000   # generate() calls between reseeds (SP 800-90A allows 2^48)
sources prng.c
platforms any
