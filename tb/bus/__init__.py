"""The pins' room: the APB master agents, the clock, fast pin reads, and the passive pin
monitor that turns each clock edge into an EdgeSample. Nothing here knows about drivers."""
