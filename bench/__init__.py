"""Benchmarks: quality, speed and memory figures of the bot's parts."""
