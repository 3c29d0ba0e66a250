using System.Globalization;
using Microsoft.Data.Sqlite;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>The federation outboxes on the embedded SQLite database.</summary>
public sealed class SqliteFederationOutboxStore(SqliteDatabase database) : IFederationOutboxStore
{
    private const int PduKind = 1;
    private const int EduKind = 2;

    public Task<int> EnqueuePdusAsync(ServerName origin, ServerName destination, IReadOnlyList<OutboxPdu> pdus, long queuedTs, int maxPerRoom) =>
        pdus.Count == 0
            ? Task.FromResult(0)
            : database.WriteAsync((connection, transaction) =>
            {
                var seq = LastSeq(connection, transaction, origin, destination);
                using var insert = connection.Command(
                    "INSERT INTO federation_outbox (origin, destination, seq, kind, room_id, json, queued_ts) VALUES ($o, $d, $s, 1, $r, $j, $t)",
                    transaction, ("$o", origin.Value), ("$d", destination.Value), ("$s", 0), ("$r", ""), ("$j", Array.Empty<byte>()), ("$t", queuedTs));
                foreach (var pdu in pdus)
                {
                    insert.Parameters["$s"].Value = ++seq;
                    insert.Parameters["$r"].Value = pdu.Room.Value;
                    insert.Parameters["$j"].Value = pdu.Json;
                    insert.ExecuteNonQuery();
                }

                // Everything older than the room's newest maxPerRoom queued events goes.
                var dropped = 0;
                foreach (var room in pdus.Select(p => p.Room.Value).Distinct(StringComparer.Ordinal))
                {
                    dropped += connection.Execute(
                        """
                        DELETE FROM federation_outbox
                        WHERE origin=$o AND destination=$d AND kind=1 AND room_id=$r AND txn_id IS NULL AND seq <
                            (SELECT seq FROM federation_outbox WHERE origin=$o AND destination=$d AND kind=1 AND room_id=$r AND txn_id IS NULL
                             ORDER BY seq DESC LIMIT 1 OFFSET $skip)
                        """, transaction, ("$o", origin.Value), ("$d", destination.Value), ("$r", room), ("$skip", Math.Max(1, maxPerRoom) - 1));
                }

                return dropped;
            });

    public Task EnqueueEduAsync(ServerName origin, ServerName destination, OutboxEdu edu, long queuedTs, long typingStaleBeforeTs) =>
        database.WriteAsync((connection, transaction) =>
        {
            if (edu.Type == IFederationOutboxStore.TypingEduType)
                DropStaleTyping(connection, transaction, origin, destination, typingStaleBeforeTs);
            connection.Execute(
                "INSERT INTO federation_outbox (origin, destination, seq, kind, edu_type, json, queued_ts) VALUES ($o, $d, $s, 2, $e, $j, $t)",
                transaction, ("$o", origin.Value), ("$d", destination.Value), ("$s", LastSeq(connection, transaction, origin, destination) + 1),
                ("$e", edu.Type), ("$j", edu.Content), ("$t", queuedTs));
        });

    public Task<OutboundTransaction?> NextTransactionAsync(ServerName origin, ServerName destination, long nowTs, long typingStaleBeforeTs, int maxPdus, int maxEdus) =>
        database.WriteAsync<OutboundTransaction?>((connection, transaction) =>
        {
            var o = ("$o", (object?)origin.Value);
            var d = ("$d", (object?)destination.Value);
            using (var inFlight = connection.Command(
                "SELECT txn_id, origin_server_ts FROM federation_outbox_transactions WHERE origin=$o AND destination=$d", transaction, o, d))
            using (var reader = inFlight.ExecuteReader())
            {
                if (reader.Read())
                    return ReadTransaction(connection, transaction, origin, destination, reader.GetString(0), reader.GetInt64(1));
            }

            DropStaleTyping(connection, transaction, origin, destination, typingStaleBeforeTs);
            var lastPdu = LastOfFirst(connection, transaction, origin, destination, PduKind, maxPdus);
            var lastEdu = LastOfFirst(connection, transaction, origin, destination, EduKind, maxEdus);
            if (lastPdu is null && lastEdu is null)
                return null;

            var id = Convert.ToInt64(connection.Scalar(
                """
                INSERT INTO federation_txn_ids (origin, last) VALUES ($o, $now)
                ON CONFLICT (origin) DO UPDATE SET last = MAX(last + 1, excluded.last) RETURNING last
                """, transaction, o, ("$now", nowTs)), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            connection.Execute(
                "UPDATE federation_outbox SET txn_id=$t WHERE origin=$o AND destination=$d AND ((kind=1 AND seq <= $p) OR (kind=2 AND seq <= $e))",
                transaction, o, d, ("$t", id), ("$p", lastPdu ?? 0), ("$e", lastEdu ?? 0));
            connection.Execute(
                "INSERT INTO federation_outbox_transactions (origin, destination, txn_id, origin_server_ts) VALUES ($o, $d, $t, $ts)",
                transaction, o, d, ("$t", id), ("$ts", nowTs));
            return ReadTransaction(connection, transaction, origin, destination, id, nowTs);
        });

    public Task RemoveTransactionAsync(ServerName origin, ServerName destination, string transactionId) =>
        database.WriteAsync((connection, transaction) =>
        {
            var o = ("$o", (object?)origin.Value);
            var d = ("$d", (object?)destination.Value);
            var t = ("$t", (object?)transactionId);
            connection.Execute("DELETE FROM federation_outbox WHERE origin=$o AND destination=$d AND txn_id=$t", transaction, o, d, t);
            connection.Execute("DELETE FROM federation_outbox_transactions WHERE origin=$o AND destination=$d AND txn_id=$t", transaction, o, d, t);
        });

    public Task<OutboxCounts> GetCountsAsync(ServerName origin, ServerName destination) => Task.FromResult(database.Read(connection =>
    {
        var o = ("$o", (object?)origin.Value);
        var d = ("$d", (object?)destination.Value);
        var pdus = 0;
        var edus = 0;
        using (var count = connection.Command("SELECT kind, COUNT(*) FROM federation_outbox WHERE origin=$o AND destination=$d GROUP BY kind", null, o, d))
        using (var reader = count.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetInt32(0) == PduKind)
                    pdus = reader.GetInt32(1);
                else
                    edus = reader.GetInt32(1);
            }
        }

        var inFlight = connection.Scalar("SELECT txn_id FROM federation_outbox_transactions WHERE origin=$o AND destination=$d", null, o, d) as string;
        return new OutboxCounts(pdus, edus, inFlight);
    }));

    public Task<IReadOnlyList<(ServerName Origin, ServerName Destination)>> GetPendingOutboxesAsync() =>
        Task.FromResult<IReadOnlyList<(ServerName, ServerName)>>(database.Read(connection =>
        {
            using var command = connection.Command("SELECT DISTINCT origin, destination FROM federation_outbox");
            using var reader = command.ExecuteReader();
            var pending = new List<(ServerName, ServerName)>();
            while (reader.Read())
                pending.Add((ServerName.From(reader.GetString(0)), ServerName.From(reader.GetString(1))));
            return pending;
        }));

    private static long LastSeq(SqliteConnection connection, SqliteTransaction transaction, ServerName origin, ServerName destination) =>
        Convert.ToInt64(connection.Scalar("SELECT COALESCE(MAX(seq), 0) FROM federation_outbox WHERE origin=$o AND destination=$d", transaction,
            ("$o", origin.Value), ("$d", destination.Value)), CultureInfo.InvariantCulture);

    /// <summary>The sequence number of the last of the first <paramref name="limit"/> queued rows of a kind.</summary>
    private static long? LastOfFirst(SqliteConnection connection, SqliteTransaction transaction, ServerName origin, ServerName destination, int kind, int limit) =>
        connection.Scalar(
            "SELECT MAX(seq) FROM (SELECT seq FROM federation_outbox WHERE origin=$o AND destination=$d AND kind=$k ORDER BY seq LIMIT $l)",
            transaction, ("$o", origin.Value), ("$d", destination.Value), ("$k", kind), ("$l", limit)) is { } last
            ? Convert.ToInt64(last, CultureInfo.InvariantCulture)
            : null;

    private static void DropStaleTyping(SqliteConnection connection, SqliteTransaction transaction, ServerName origin, ServerName destination, long staleBeforeTs) =>
        connection.Execute(
            "DELETE FROM federation_outbox WHERE origin=$o AND destination=$d AND kind=2 AND edu_type=$e AND txn_id IS NULL AND queued_ts < $t",
            transaction, ("$o", origin.Value), ("$d", destination.Value), ("$e", IFederationOutboxStore.TypingEduType), ("$t", staleBeforeTs));

    private static OutboundTransaction ReadTransaction(SqliteConnection connection, SqliteTransaction transaction, ServerName origin, ServerName destination, string id, long originServerTs)
    {
        using var command = connection.Command(
            "SELECT kind, edu_type, json FROM federation_outbox WHERE origin=$o AND destination=$d AND txn_id=$t ORDER BY seq",
            transaction, ("$o", origin.Value), ("$d", destination.Value), ("$t", id));
        using var reader = command.ExecuteReader();
        var pdus = new List<byte[]>();
        var edus = new List<OutboxEdu>();
        while (reader.Read())
        {
            var json = reader.GetFieldValue<byte[]>(2);
            if (reader.GetInt32(0) == PduKind)
                pdus.Add(json);
            else
                edus.Add(new OutboxEdu(reader.GetString(1), json));
        }

        return new OutboundTransaction(id, originServerTs, pdus, edus);
    }
}
