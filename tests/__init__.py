"""cocotb test modules (<x>_tests.py, run in the simulator) and their pytest entry points (test_<x>.py)."""
