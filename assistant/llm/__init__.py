"""The optional language model: the adapter, grounding checks and the injection defence, used by
the chat composer and by the outreach polish alike."""
