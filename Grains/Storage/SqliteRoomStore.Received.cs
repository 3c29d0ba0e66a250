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

    /// <summary>Inserts an event that has no place in the timeline, unless it is already known.</summary>
    private static void InsertOutsideTimeline(SqliteConnection connection, SqliteTransaction transaction, ServerName server, Pdu pdu, EventStatus status)
    {
        if (connection.Scalar("SELECT 1 FROM events WHERE server=$s AND event_id=$e", transaction, ("$s", server.Value), ("$e", pdu.EventId.Value)) is not null)
            return;
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
