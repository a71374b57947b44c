# Gu: dispatch test, a generic user of two Svc and a Note
generic component Gu
uses Svc as x
uses Svc as y
uses Note as note
provides Kick as kick
param no: u8
sources gu.c
platforms any
