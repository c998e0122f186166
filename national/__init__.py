"""The national receiver: the monitor feeds of many centres, summed (CONTRACT §14).

A second service in the `ambacht` distribution (`ambacht national serve`), with its own
database. It may use the tracker's domain and schemas; the tracker never imports it.
"""
