"""The steps that change a user's state, one small function each, registered for their button action."""
