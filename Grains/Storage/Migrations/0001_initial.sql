-- Tangle's embedded store (SQLite), first version.

-- One row per room replica (server, room): what its single writer needs to resume.
CREATE TABLE rooms (
  server TEXT NOT NULL,
  room_id TEXT NOT NULL,
  room_version TEXT NOT NULL,
  create_event_id TEXT NOT NULL,
  current_state_group INTEGER NOT NULL,
  forward_extremities TEXT NOT NULL,
  stream_position INTEGER NOT NULL,
  max_depth INTEGER NOT NULL,
  receipt_serial INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (server, room_id)
);

-- Append-only events. status: 0 accepted, 1 soft-failed, 2 rejected, 3 outlier.
CREATE TABLE events (
  server TEXT NOT NULL,
  room_id TEXT NOT NULL,
  stream_position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  room_version TEXT NOT NULL,
  type TEXT NOT NULL,
  state_key TEXT,
  sender TEXT NOT NULL,
  origin_server_ts INTEGER NOT NULL,
  depth INTEGER NOT NULL,
  state_group_before INTEGER,
  state_group_after INTEGER,
  status INTEGER NOT NULL,
  redacted_by TEXT,
  txn_device TEXT,
  txn_id TEXT,
  relates_to TEXT,
  rel_type TEXT,
  json BLOB NOT NULL,
  PRIMARY KEY (server, room_id, stream_position)
);
CREATE UNIQUE INDEX events_by_id ON events (server, event_id);
CREATE UNIQUE INDEX events_by_txn ON events (server, room_id, sender, txn_device, txn_id) WHERE txn_id IS NOT NULL;
CREATE INDEX events_by_relation ON events (server, room_id, relates_to) WHERE relates_to IS NOT NULL;
CREATE INDEX events_by_time ON events (server, room_id, origin_server_ts);

-- Room state as snapshots with bounded chains of deltas. An entry with a null event_id removes a key.
CREATE TABLE state_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  server TEXT NOT NULL,
  room_id TEXT NOT NULL,
  prev_group INTEGER,
  chain_length INTEGER NOT NULL
);
CREATE TABLE state_group_entries (
  group_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  state_key TEXT NOT NULL,
  event_id TEXT,
  PRIMARY KEY (group_id, type, state_key)
);

CREATE TABLE receipts (
  server TEXT NOT NULL,
  room_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  receipt_type TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  serial INTEGER NOT NULL,
  PRIMARY KEY (server, room_id, user_id, receipt_type, thread_id)
);
CREATE INDEX receipts_by_serial ON receipts (server, room_id, serial);

-- Each user's sync stream: what changed, in order. kind: 1 room, 2 account data, 3 device list, 4 to-device.
CREATE TABLE inbox_log (
  user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  room_id TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  receipt_serial INTEGER NOT NULL DEFAULT 0,
  membership TEXT,
  change INTEGER NOT NULL DEFAULT 0,
  data TEXT,
  PRIMARY KEY (user_id, seq)
);
CREATE INDEX inbox_log_by_room ON inbox_log (user_id, room_id, seq);

CREATE TABLE to_device (
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  sender TEXT NOT NULL,
  type TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (user_id, device_id, seq)
);

-- Orleans grain state (accounts, tokens, aliases...): small documents written whole.
CREATE TABLE grain_state (
  grain_type TEXT NOT NULL,
  grain_id TEXT NOT NULL,
  state_name TEXT NOT NULL,
  etag TEXT NOT NULL,
  payload BLOB NOT NULL,
  PRIMARY KEY (grain_type, grain_id, state_name)
);
