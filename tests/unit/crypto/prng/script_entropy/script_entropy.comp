# script_entropy.comp: an Entropy source for tests that hands out exactly
# the bytes pushed through EntropyScript, and fails the fills it is told to
component ScriptEntropy
provides Entropy as entropy
provides EntropyScript as ctl
sources script_entropy.c
platforms posix
