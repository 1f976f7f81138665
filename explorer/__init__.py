"""Race explorer: when the PF/VF mailbox race happens, how wide its window is, and which
fixes close it. Run `python -m explorer --help` (or `make sweep`)."""
