# fake_log.comp: a Log that records what reaches it (counts and the last
# line's text) and refuses lines above a level the test sets
component FakeLog
provides Log as log
provides LogSinkCtl as ctl
sources fake_log.c
platforms any
