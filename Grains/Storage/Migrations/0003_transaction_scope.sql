-- A transaction id is scoped to a device and to the request's path (the spec's "Transaction
-- identifiers"): the same id sent to /send/{eventType} and to /redact/{eventId} in one room names two
-- requests. Events stored before this knew only /send, so that is their scope.
ALTER TABLE events ADD COLUMN txn_scope TEXT NOT NULL DEFAULT '';
UPDATE events SET txn_scope = 'send/' || type WHERE txn_id IS NOT NULL;
DROP INDEX events_by_txn;
CREATE UNIQUE INDEX events_by_txn ON events (server, room_id, sender, txn_device, txn_scope, txn_id) WHERE txn_id IS NOT NULL;
