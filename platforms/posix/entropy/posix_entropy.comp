# posix_entropy.comp: Entropy from the kernel's getrandom()
component PosixEntropy
provides Entropy as entropy
uses Log as log default NoLog
sources posix_entropy.c
platforms posix
