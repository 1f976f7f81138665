"""The listeners' room: the register reference model, the scoreboard, the protocol monitor
(request lifecycle: erased, overwritten, lockless, timeout), functional coverage and the
timeline they write. They only read EdgeSamples from the bus; they never drive a pin."""
