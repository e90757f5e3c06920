"""The command registry every adapter renders, the text grammar, and the dispatcher."""
