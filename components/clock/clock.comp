# clock.comp: many virtual one-shot and periodic millisecond timers over
# the platform's one Alarm
component Clock
provides Timer[] as timer               # one id per user, assigned by the generator
uses Alarm as alarm async               # our fired() handler only posts a task
task fire
sources clock.c
platforms any
