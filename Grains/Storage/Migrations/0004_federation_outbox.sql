-- The federation outbox: what each local server (origin) has yet to deliver to each remote server
-- (destination), in queue order (seq). A row is a PDU (kind 1: its canonical JSON, and its room for the
-- per-room bound) or an EDU (kind 2: edu_type and its content). txn_id marks the rows of the transaction
-- in flight, so that a retry sends the very same transaction under the same id.
CREATE TABLE federation_outbox (
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  room_id TEXT,
  edu_type TEXT,
  json BLOB NOT NULL,
  queued_ts INTEGER NOT NULL,
  txn_id TEXT,
  PRIMARY KEY (origin, destination, seq)
);
CREATE INDEX federation_outbox_by_kind ON federation_outbox (origin, destination, kind, seq);
CREATE INDEX federation_outbox_by_room ON federation_outbox (origin, destination, room_id, seq) WHERE kind = 1;
CREATE INDEX federation_outbox_by_txn ON federation_outbox (origin, destination, txn_id) WHERE txn_id IS NOT NULL;

-- The transaction in flight to each destination: its id and timestamp stay the same across retries.
CREATE TABLE federation_outbox_transactions (
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  txn_id TEXT NOT NULL,
  origin_server_ts INTEGER NOT NULL,
  PRIMARY KEY (origin, destination)
);

-- The last transaction id each origin used. Ids follow the clock (and then count up), so they stay
-- unique to receivers even if this database is ever recreated.
CREATE TABLE federation_txn_ids (
  origin TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);
