"""Pure domain values: no I/O, no platform, no clock."""
