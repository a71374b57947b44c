# scheduler.comp: TinyOS 2.x basic tasks: a FIFO of task ids, one slot per
# task, posted from anywhere (interrupts included), run to completion
component Scheduler
provides TaskQueue[] as tasks async     # every component's `task` is a client; post() is interrupt-safe
provides TaskLoop as loop async       # stop() is @async: it only sets a flag
uses McuSleep as sleep
sources scheduler.c
platforms any
