"""How each function is composed: one small factory per service, built once per function
instance from the settings that function is given (environment.py), importing only its own
graph. Handlers, the runner, local recovery and the tests all build services here."""
