"""The tracker's pure core: codes, categories, the item state machine. Standard library only."""
