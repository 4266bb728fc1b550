"""Multiple systems estimation: Poisson log-linear models on the overlap of lists. Imports no
Django."""
