"""Stand-ins for the services briefbot talks to, run for real on 127.0.0.1."""
