# psk_table.comp: PskStore over a list of identities and keys (PskList):
# a const table in flash on a mote, a key file (PskFile) on a host
component PskTable
provides PskStore as psk
uses PskList as list
sources psk_table.c
platforms any
