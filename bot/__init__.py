"""Telegram adapter (python-telegram-bot): webhook/polling in, Bot API out."""
