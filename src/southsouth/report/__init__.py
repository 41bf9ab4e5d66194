"""The roadmap report: charts, HTML document, PDF, and the files written together."""
