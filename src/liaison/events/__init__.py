"""Events: delegations and B2B matchmaking days, registration, meeting requests, schedules."""
