"""Twilio SMS adapter: signed webhooks in, REST API out, delivery status, segment counting."""
