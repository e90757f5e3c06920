"""The Matrix adapter: ``!`` commands, m.notice replies, reactions as RSVPs, a room per section."""
