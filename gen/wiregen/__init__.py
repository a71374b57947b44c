"""wiregen: checks component wirings and generates their static C glue."""
VERSION = "1.0"
FORMAT = 1  # the wiring format version this generator reads (`wiring 1`)
