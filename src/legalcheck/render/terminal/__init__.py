"""Terminal output (Rich): one module per subject. Every renderer here takes the result and a
Rich ``Console`` and prints; ``-o FILE`` hands in a plain console that writes into a string."""
