"""Staff web app: review desk, master list, exports, KI and gazetteer admin; JSON API."""
