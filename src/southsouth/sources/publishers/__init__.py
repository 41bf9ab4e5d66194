"""Connectors to the publishers' own services (APIs and current files).

Each connector fetches one dataset file from its publisher and writes it in the layout the
dataset's parser already reads, so parsers never change: World Bank Indicators API pages
become a WDI CSV, GHO OData pages a GHO export, UCDP API pages peacesciencer's conflict-year
CSV. A :class:`~southsouth.sources.dataset.Resource` names its connector in ``service``;
``sources.fetch`` runs it. This package defines no dataset.
"""
