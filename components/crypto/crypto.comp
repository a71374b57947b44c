# crypto.comp: the cipher suite DTLS uses: TLS_PSK_WITH_AES_128_CCM_8 (TLS 1.2
# PRF with SHA-256, RFC 4279 PSK, RFC 7627 extended master secret, RFC 6655
# record nonce) over Mac (HMAC-SHA256) and Aead (AES-128-CCM)
component Crypto
provides CipherSuite as suite
uses Mac as mac
uses Aead as aead
sources crypto.c
platforms any
