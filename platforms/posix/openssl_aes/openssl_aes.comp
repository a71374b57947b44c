# openssl_aes.comp: BlockCipher from OpenSSL's libcrypto (AES-NI where the
# CPU has it: constant-time, unlike a table AES on a cached CPU); the posix
# platform's Platform.block_cipher. Images that reach it link libcrypto.
component OpenSslAes
provides BlockCipher as block_cipher
sources openssl_aes.c
platforms posix
