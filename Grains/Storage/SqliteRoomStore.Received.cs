using Microsoft.Data.Sqlite;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>What events received over federation need beyond the local append.</summary>
public sealed partial class SqliteRoomStore
{
    public Task<long> PutStateGroupAsync(ServerName server, RoomId room, long? baseGroup, IReadOnlyDictionary<StateMapKey, EventId> changes) =>
        database.WriteAsync((connection, transaction) => InsertStateGroup(connection, transaction, server, room, baseGroup, changes));

    public Task AppendOutsideTimelineAsync(ServerName server, IReadOnlyList<(Pdu Pdu, EventStatus Status)> events) =>
        database.WriteAsync((connection, transaction) =>
        {
            foreach (var (pdu, status) in events)
                InsertOutsideTimeline(connection, transaction, server, pdu, status);
        });

    public Task<IReadOnlyList<StoredEvent>> PrependBackfilledAsync(ServerName server, RoomId room, IReadOnlyList<BackfilledEvent> oldestFirst) =>
        database.WriteAsync<IReadOnlyList<StoredEvent>>((connection, transaction) =>
        {
            var placed = new List<(BackfilledEvent Event, string? RedactedBy)>();
            foreach (var backfilled in oldestFirst)
            {
                var id = backfilled.Pdu.EventId;
                var redactedBy = TakeOutlier(connection, transaction, server, id);
                if (connection.Scalar("SELECT 1 FROM events WHERE server=$s AND event_id=$e", transaction, ("$s", server.Value), ("$e", id.Value)) is null)
                    placed.Add((backfilled, redactedBy));
            }

            // Below everything the room holds, oldest lowest: the live stream (positions above zero) never sees them.
            var lowest = Math.Min(1, Convert.ToInt64(connection.Scalar(
                "SELECT COALESCE(MIN(stream_position), 1) FROM events WHERE server=$s AND room_id=$r", transaction,
                ("$s", server.Value), ("$r", room.Value)), System.Globalization.CultureInfo.InvariantCulture));
            var stored = new List<StoredEvent>();
            for (var i = 0; i < placed.Count; i++)
            {
                var ((pdu, before, after), redactedBy) = placed[i];
                var position = lowest - (placed.Count - i);
                var (relatesTo, relType) = RelationOf(pdu);
                connection.Execute(
                    """
                    INSERT INTO events (server, room_id, stream_position, event_id, room_version, type, state_key, sender, origin_server_ts,
                        depth, state_group_before, state_group_after, status, txn_device, txn_id, txn_scope, relates_to, rel_type, json)
                    VALUES ($s, $r, $p, $e, $v, $t, $k, $sender, $ts, $d, $before, $after, 0, NULL, NULL, '', $rel, $relType, $json)
                    """, transaction,
                    ("$s", server.Value), ("$r", room.Value), ("$p", position), ("$e", pdu.EventId.Value), ("$v", pdu.RoomVersion.Id),
                    ("$t", pdu.Type), ("$k", pdu.StateKey), ("$sender", pdu.Sender.Value), ("$ts", pdu.OriginServerTs), ("$d", pdu.Depth),
                    ("$before", before), ("$after", after), ("$rel", relatesTo), ("$relType", relType), ("$json", pdu.ToCanonicalBytes()));
                if (redactedBy is not null)
                    MarkRedacted(connection, transaction, server, pdu.EventId, redactedBy);
                stored.Add(new StoredEvent(pdu, position, before, after, EventStatus.Accepted, redactedBy is null ? null : EventId.From(redactedBy), null));
            }

            return stored;
        });

    /// <summary>
    /// Removes the outlier row of an event about to take its place in the timeline; returns what redacted it,
    /// if anything did. An event known any other way is left alone.
    /// </summary>
    private static string? TakeOutlier(SqliteConnection connection, SqliteTransaction transaction, ServerName server, EventId eventId)
    {
        using var command = connection.Command("SELECT status, redacted_by FROM events WHERE server=$s AND event_id=$e", transaction,
            ("$s", server.Value), ("$e", eventId.Value));
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.GetInt32(0) != (int)EventStatus.Outlier)
            return null;
        var redactedBy = reader.IsDBNull(1) ? null : reader.GetString(1);
        reader.Close();
        connection.Execute("DELETE FROM events WHERE server=$s AND event_id=$e", transaction, ("$s", server.Value), ("$e", eventId.Value));
        return redactedBy;
    }

    private static void MarkRedacted(SqliteConnection connection, SqliteTransaction transaction, ServerName server, EventId eventId, string redactedBy) =>
        connection.Execute("UPDATE events SET redacted_by=$by WHERE server=$s AND event_id=$e", transaction,
            ("$by", redactedBy), ("$s", server.Value), ("$e", eventId.Value));

    /// <summary>Inserts an event that has no place in the timeline, unless it is already known.</summary>
    private static void InsertOutsideTimeline(SqliteConnection connection, SqliteTransaction transaction, ServerName server, Pdu pdu, EventStatus status)
    {
        if (connection.Scalar("SELECT status FROM events WHERE server=$s AND event_id=$e", transaction, ("$s", server.Value), ("$e", pdu.EventId.Value)) is { } known)
        {
            // An outlier found to fail the auth rules once its place in the DAG is known becomes rejected.
            if (Convert.ToInt32(known, System.Globalization.CultureInfo.InvariantCulture) == (int)EventStatus.Outlier && status == EventStatus.Rejected)
                connection.Execute("UPDATE events SET status=$status WHERE server=$s AND event_id=$e", transaction,
                    ("$status", (int)status), ("$s", server.Value), ("$e", pdu.EventId.Value));
            return;
        }

        // Positions are shared with the timeline so they stay unique; reads skip anything not accepted.
        var position = 1 + Convert.ToInt64(connection.Scalar(
            "SELECT COALESCE(MAX(stream_position), 0) FROM events WHERE server=$s AND room_id=$r", transaction,
            ("$s", server.Value), ("$r", pdu.RoomId.Value)), System.Globalization.CultureInfo.InvariantCulture);
        connection.Execute(
            """
            INSERT INTO events (server, room_id, stream_position, event_id, room_version, type, state_key, sender, origin_server_ts,
                depth, state_group_before, state_group_after, status, txn_device, txn_id, txn_scope, relates_to, rel_type, json)
            VALUES ($s, $r, $p, $e, $v, $t, $k, $sender, $ts, $d, NULL, NULL, $status, NULL, NULL, '', NULL, NULL, $json)
            """, transaction,
            ("$s", server.Value), ("$r", pdu.RoomId.Value), ("$p", position), ("$e", pdu.EventId.Value), ("$v", pdu.RoomVersion.Id),
            ("$t", pdu.Type), ("$k", pdu.StateKey), ("$sender", pdu.Sender.Value), ("$ts", pdu.OriginServerTs), ("$d", pdu.Depth),
            ("$status", (int)status), ("$json", pdu.ToCanonicalBytes()));
    }
}
