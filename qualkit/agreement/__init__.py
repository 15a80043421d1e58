"""Inter-coder agreement: units from codings, the published statistics, disagreement listings."""
