"""platform/prove: the production set under load, faults and hostile input (figures, no asserts).

Run through ``platform/prove``; nothing here is collected by pytest (no ``test_`` names).
"""
