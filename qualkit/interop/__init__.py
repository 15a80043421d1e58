"""Exchange with other QDA tools (REFI-QDA .qdpx/.qdc) and merging coders' copies.

Reading and writing the format live together because a round trip needs both halves to agree
on element names, GUIDs and how positions are counted.
"""
