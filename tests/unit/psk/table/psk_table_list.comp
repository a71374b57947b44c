# psk_table_list.comp: test_psk_table's PskList: a const table, as a mote's
# application gives PskTable, with PskListCtl to vary count, selection, hint
component PskTableList
provides PskList as list
provides PskListCtl as ctl
sources psk_table_list.c
platforms posix msp430sim
