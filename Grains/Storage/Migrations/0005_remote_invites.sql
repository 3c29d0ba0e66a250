-- Invites of local users to rooms this server holds no replica of: the invite event itself is kept as an
-- outlier in events; this keeps what the inviting server let the invitee see of the room.
CREATE TABLE remote_invites (
  server TEXT NOT NULL,
  room_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  stripped_state BLOB NOT NULL,
  PRIMARY KEY (server, room_id, user_id)
);
