"""PhoneSpec: a Discord bot that answers smartphone spec questions from a local catalog."""
