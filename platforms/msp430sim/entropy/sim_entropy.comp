# sim_entropy.comp: a deterministic stand-in for Entropy in the simulator.
# NOT a true entropy source: the same seed gives the same bytes every run
component SimEntropy
provides Entropy as entropy
uses Log as log default NoLog
param seed: u32 = 0x5eed5eed     # the stream's seed: change it to get another stream
sources sim_entropy.c
platforms msp430sim
