"""Pure functions on plan text (deadlines, parties, document fields) over one shared language layer."""
