"""The launcher: reads the settings, builds the core, and starts the adapters of the configured platforms.

It is the one place that knows both the core (``bot``) and the platforms (``adapters``): the core imports
no adapter, and an adapter sees only the core's inbound seam, ports and neutral types.
"""
