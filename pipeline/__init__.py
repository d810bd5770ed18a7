"""Plan rows from documents: structure, normalization, the store, export, comparison and the web app."""
