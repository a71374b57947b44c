# entropy_test.comp: cmocka driver for FakeEntropy (tests/wirings/fake_entropy.wire)
component EntropyTest
uses Entropy as entropy
uses FakeSeed as seed
entry
sources entropy_test.c
platforms posix msp430sim
