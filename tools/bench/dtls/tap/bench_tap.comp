# bench_tap.comp: a Datagram tap for the bench: forwards everything between
# the layer above and the one below, and counts the datagrams and payload
# bytes that pass in both directions
component BenchTap
provides Datagram as up
uses Datagram as down
provides TrafficCount as count
sources bench_tap.c
platforms any
