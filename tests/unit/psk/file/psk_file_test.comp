# psk_file_test.comp: cmocka driver of PskFile (and PskTable over it): PSK
# files written to /tmp, the table through PskList and PskStore
component PskFileTest
uses PskConfig as config
uses PskList as list
uses PskStore as psk
entry
sources psk_file_test.c
platforms posix
