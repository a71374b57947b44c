# log_gate.comp: a Log pass-through with a threshold set at run time (a
# tool's -v): lines above it are dropped before they reach the real Log
generic component LogGate
provides Log as log
provides LogLevel as level
uses Log as out
param level: u8 = 1 in 0..3              # the initial threshold: LOG_WARN
sources log_gate.c
platforms any
