"""The national roll-up of the 77 provinces (issue 15)."""
