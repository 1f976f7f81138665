"""Formal proofs of the mailbox contract (make formal): SymbiYosys k-induction over the
unmodified RTL inside the harnesses of formal/. catalogue.py: the properties and the checks
(property x top x NUM_VFS x mitigation); sby.py: one job per check; cex.py: counterexamples
as a table and a GTKWave view."""
