"""Screens of the terminal UI: overview, reader, codebook, help and the modal dialogs."""
