"""Code suggestions: keyword rules from the codebook, a model learned from the coder's own
codings, and their evaluation. Heavy libraries (spaCy, scikit-learn) load on first use."""
