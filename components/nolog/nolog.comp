# nolog.comp: a Log that drops every line (the default for components that log)
component NoLog
provides Log as log
sources nolog.c
platforms any
