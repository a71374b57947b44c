# clamp_gate_test.comp: cmocka driver of MtuClamp (over FakeLink, to a
# second FakeLink node) and LogGate (in front of FakeLog)
component ClampGateTest
uses Datagram as net                # clamp.datagram
uses MtuControl as mtu              # clamp.control
uses Datagram as peer               # the other FakeLink node
uses Log as log                     # gate.log
uses LogLevel as level              # gate.level
uses LogSinkCtl as sink             # FakeLog, the Log below the gate
uses TaskLoop as loop
entry
sources clamp_gate_test.c
platforms posix msp430sim
