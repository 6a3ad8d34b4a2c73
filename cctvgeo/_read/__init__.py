"""Survey reading: the stages that turn a file of survey rows into a validated GeoDataFrame.

Every reader of located rows (cameras, risk points, request logs, the camera store's
imports) goes through the same stages, one module each:

* :mod:`~cctvgeo._read.table`: any tabular source -> a ``RawTable`` whose rows keep the
  labels a user sees in the source;
* :mod:`~cctvgeo._read.headers`: the one table of accepted Thai/English headers;
* :mod:`~cctvgeo._read.cells`: cell parsers (Thai digits, Buddhist-era years, Thai words);
* :mod:`~cctvgeo._read.coords`: coordinates as people write them, swapped lat/lon;
* :mod:`~cctvgeo._read.fields`: columns parsed with a schema's parsers;
* :mod:`~cctvgeo._read.positions`: point geometry from geometry, columns, pairs or WKT;
* :mod:`~cctvgeo._read.rows`: the shared flow: parse, type, check, report or raise;
* :mod:`~cctvgeo._read.osm`: OpenStreetMap surveillance tags -> survey columns.
"""
