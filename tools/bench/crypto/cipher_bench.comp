# cipher_bench.comp: AES-128 and CCM-8 benchmarks (tools/bench/bench.py's
# --list / --run protocol). One driver, two programs (cipher.wire,
# cipher_rijndael.wire): `ccm_over` says which BlockCipher the CCM under
# `aead` runs on (0: OpenSslAes, 1: Rijndael), which names its figures.
component CipherBench
uses BlockCipher as portable      # Rijndael
uses BlockCipher as native        # OpenSslAes
uses Aead as aead
param ccm_over: u8 = 0 in 0..1
entry
sources cipher_bench.c
platforms posix
