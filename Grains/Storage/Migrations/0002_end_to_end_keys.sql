-- End-to-end encryption: one-time keys and room key backups.

-- One-time keys of devices, claimed one at a time: rows, so a claim deletes one row instead of
-- rewriting every key of the user. serial orders uploads (all keys of one upload share it).
CREATE TABLE e2e_one_time_keys (
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  key_id TEXT NOT NULL,
  serial INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (user_id, device_id, key_id)
);
CREATE INDEX e2e_one_time_keys_by_age ON e2e_one_time_keys (user_id, device_id, algorithm, serial);

-- Server-side room key backups: versions (never reused; deleted ones are kept as tombstones) and
-- their session keys. etag changes whenever a version's keys do.
CREATE TABLE e2e_room_key_versions (
  user_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  algorithm TEXT NOT NULL,
  auth_data TEXT NOT NULL,
  etag INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, version)
);
CREATE TABLE e2e_room_keys (
  user_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  room_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  first_message_index INTEGER NOT NULL,
  forwarded_count INTEGER NOT NULL,
  is_verified INTEGER NOT NULL,
  session_data TEXT NOT NULL,
  PRIMARY KEY (user_id, version, room_id, session_id)
);
