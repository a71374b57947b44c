# ccm.comp: AES-128-CCM (RFC 3610, NIST SP 800-38C) over any BlockCipher,
# in place: nonce lengths 7..13, even tag lengths 4..16
component CCM
provides Aead as aead
uses BlockCipher as cipher
sources ccm.c
platforms any
