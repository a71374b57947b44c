# psk_file.comp: a table of pre-shared keys in RAM, filled at startup from a
# PSK file ("identity:hexkey" lines, gnutls' --pskpasswd format) and the
# command line; PskTable looks it up
component PskFile
provides PskList as list
provides PskConfig as config
param max_entries: u16 = 64 in 1..1024
sources psk_file.c
platforms posix
