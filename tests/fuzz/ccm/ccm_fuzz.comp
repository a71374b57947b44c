# ccm_fuzz.comp: libFuzzer driver for CCM open/seal (tests/wirings/fuzz_ccm.wire),
# with OpenSSL's AES-128-CCM as the oracle
component CcmFuzz
uses Aead as aead
entry
sources ccm_fuzz.c
platforms posix
