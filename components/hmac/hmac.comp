# hmac.comp: HMAC-SHA256 (RFC 2104, FIPS 198-1) over the Hash interface,
# streaming, keyed contexts owned by the caller
component HMAC
provides Mac as mac
uses Hash as hash
sources hmac.c
platforms any
