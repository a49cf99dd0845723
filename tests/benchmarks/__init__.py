"""Search benchmark (platform/bench): generated data, index build, end-to-end API load.

Not a test package: no module here starts with ``test_``, so pytest never collects it.
"""
