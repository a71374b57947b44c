# fake_entropy.comp: Entropy for tests: a deterministic byte stream from a
# seed, with failures on demand (FakeSeed)
component FakeEntropy
provides Entropy as entropy
provides FakeSeed as ctl
param seed: u32 = 1                     # the stream at boot; FakeSeed.reseed restarts it
sources fake_entropy.c
platforms any
