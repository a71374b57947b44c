# psk_table_test.comp: cmocka driver of PskTable over PskTableList's const
# table (as a mote's application gives it)
component PskTableTest
uses PskStore as psk
uses PskListCtl as table
entry
sources psk_table_test.c
platforms posix msp430sim
