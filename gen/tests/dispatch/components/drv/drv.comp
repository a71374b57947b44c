# Drv: dispatch test driver (defines main)
component Drv
uses Kick as u1
uses Kick as u2
uses Kick as u3
uses Kick as p1
uses Kick as p2
uses Note as note
entry
sources drv.c
platforms any
