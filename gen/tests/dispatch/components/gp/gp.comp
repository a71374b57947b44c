# Gp: dispatch test, a generic provider of a parameterised Svc and a fan-out Note
generic component Gp
provides Svc[] as svc
provides Note as note
provides Kick as kick
param no: u8
sources gp.c
platforms any
