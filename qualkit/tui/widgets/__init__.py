"""Widgets of the terminal UI: each with its own default CSS and bindings."""
