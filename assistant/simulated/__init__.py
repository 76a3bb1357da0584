"""The simulated USCIS line, for rehearsing a call and for testing the listeners: what it says and
does after each key (`line`), a rehearsal call through a telephone channel (`rehearsal`), and its
queue (`queue`)."""
