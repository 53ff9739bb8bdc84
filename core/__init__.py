"""Core: database, domain models, gazetteer, rounds and master list. Imports nothing of ours."""
