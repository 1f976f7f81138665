"""Testbench library for the PF/VF mailbox co-simulation (see README.md)."""
