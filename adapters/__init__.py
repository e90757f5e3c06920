"""Platform adapters: each translates one chat platform to the core and back."""
