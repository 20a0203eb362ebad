"""The Telegram adapter: parse an update, call the engine, render its reply."""
