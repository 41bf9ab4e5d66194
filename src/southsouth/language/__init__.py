"""The five languages of southsouth: catalogues, country names from CLDR, bidirectional text."""
