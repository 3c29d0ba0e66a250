using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Storage;

/// <summary>The room store on the embedded SQLite database.</summary>
public sealed partial class SqliteRoomStore(SqliteDatabase database) : IRoomStore
{
    /// <summary>A delta chain longer than this is cut with a full snapshot, so loading state stays bounded.</summary>
    public const int MaxDeltaChain = 32;

    private const string EventColumns =
        "json, room_version, stream_position, state_group_before, state_group_after, status, redacted_by, txn_device, txn_id, event_id";

    private readonly LruCache<long, IReadOnlyDictionary<StateMapKey, EventId>> _groups = new(256);

    public Task<RoomRecord?> GetRoomAsync(ServerName server, RoomId room) => Task.FromResult(database.Read(connection =>
    {
        using var command = connection.Command(
            "SELECT room_version, create_event_id, current_state_group, forward_extremities, stream_position, max_depth, receipt_serial FROM rooms WHERE server=$s AND room_id=$r",
            null, ("$s", server.Value), ("$r", room.Value));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        var extremities = JsonSerializer.Deserialize<string[]>(reader.GetString(3))!.Select(EventId.From).ToList();
        return new RoomRecord(room, RoomVersions.Get(reader.GetString(0)).Value, EventId.From(reader.GetString(1)),
            reader.GetInt64(2), extremities, reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
    }));

    public async Task<StoredEvent> AppendAsync(ServerName server, NewEvent newEvent, Func<long, long, RoomRecord> updateRoom)
    {
        var pdu = newEvent.Pdu;
        var (stored, groupAfter) = await database.WriteAsync((connection, transaction) =>
        {
            var redactedBy = TakeOutlier(connection, transaction, server, pdu.EventId);
            var position = 1 + Convert.ToInt64(connection.Scalar(
                "SELECT COALESCE(MAX(stream_position), 0) FROM events WHERE server=$s AND room_id=$r", transaction,
                ("$s", server.Value), ("$r", pdu.RoomId.Value)), System.Globalization.CultureInfo.InvariantCulture);
            var groupAfter = newEvent.StateChanges is { Count: > 0 } changes
                ? InsertStateGroup(connection, transaction, server, pdu.RoomId, newEvent.StateGroupBefore, changes)
                : newEvent.StateGroupBefore ?? 0;
            var (relatesTo, relType) = RelationOf(pdu);
            connection.Execute(
                """
                INSERT INTO events (server, room_id, stream_position, event_id, room_version, type, state_key, sender, origin_server_ts,
                    depth, state_group_before, state_group_after, status, txn_device, txn_id, txn_scope, relates_to, rel_type, json)
                VALUES ($s, $r, $p, $e, $v, $t, $k, $sender, $ts, $d, $before, $after, $status, $dev, $txn, $scope, $rel, $relType, $json)
                """, transaction,
                ("$s", server.Value), ("$r", pdu.RoomId.Value), ("$p", position), ("$e", pdu.EventId.Value), ("$v", pdu.RoomVersion.Id),
                ("$t", pdu.Type), ("$k", pdu.StateKey), ("$sender", pdu.Sender.Value), ("$ts", pdu.OriginServerTs), ("$d", pdu.Depth),
                ("$before", newEvent.StateGroupBefore), ("$after", groupAfter), ("$status", (int)newEvent.Status),
                ("$dev", newEvent.Transaction?.DeviceId), ("$txn", newEvent.Transaction?.TxnId),
                ("$scope", newEvent.Transaction?.Scope ?? ""), ("$rel", relatesTo), ("$relType", relType),
                ("$json", pdu.ToCanonicalBytes()));
            if (redactedBy is not null)
                MarkRedacted(connection, transaction, server, pdu.EventId, redactedBy);
            if (newEvent.Redacts is not null)
            {
                connection.Execute("UPDATE events SET redacted_by=$by WHERE server=$s AND event_id=$e AND redacted_by IS NULL", transaction,
                    ("$by", pdu.EventId.Value), ("$s", server.Value), ("$e", newEvent.Redacts.Value));
            }

            var room = updateRoom(position, groupAfter);
            connection.Execute(
                """
                INSERT INTO rooms (server, room_id, room_version, create_event_id, current_state_group, forward_extremities, stream_position, max_depth, receipt_serial)
                VALUES ($s, $r, $v, $c, $g, $x, $p, $d, $rs)
                ON CONFLICT (server, room_id) DO UPDATE SET current_state_group=$g, forward_extremities=$x, stream_position=$p, max_depth=$d
                """, transaction,
                ("$s", server.Value), ("$r", room.RoomId.Value), ("$v", room.Version.Id), ("$c", room.CreateEventId.Value),
                ("$g", room.CurrentStateGroup), ("$x", JsonSerializer.Serialize(room.ForwardExtremities.Select(e => e.Value))),
                ("$p", room.StreamPosition), ("$d", room.MaxDepth), ("$rs", room.ReceiptSerial));
            var stored = new StoredEvent(pdu, position, newEvent.StateGroupBefore, groupAfter, newEvent.Status,
                redactedBy is null ? null : EventId.From(redactedBy), newEvent.Transaction);
            return (stored, groupAfter);
        });
        return stored;
    }

    private long InsertStateGroup(SqliteConnection connection, SqliteTransaction transaction, ServerName server, RoomId room,
        long? previous, IReadOnlyDictionary<StateMapKey, EventId> changes)
    {
        var chain = previous is null ? -1 : Convert.ToInt64(connection.Scalar(
            "SELECT chain_length FROM state_groups WHERE id=$g", transaction, ("$g", previous)), System.Globalization.CultureInfo.InvariantCulture);
        var snapshot = previous is null || chain + 1 > MaxDeltaChain;
        IReadOnlyDictionary<StateMapKey, EventId> entries = changes;
        if (snapshot && previous is not null)
        {
            var full = new Dictionary<StateMapKey, EventId>(LoadGroup(connection, transaction, previous.Value));
            foreach (var (key, changed) in changes)
                full[key] = changed;
            entries = full;
        }

        var id = Convert.ToInt64(connection.Scalar(
            "INSERT INTO state_groups (server, room_id, prev_group, chain_length) VALUES ($s, $r, $p, $c) RETURNING id", transaction,
            ("$s", server.Value), ("$r", room.Value), ("$p", snapshot ? null : previous), ("$c", snapshot ? 0 : chain + 1)),
            System.Globalization.CultureInfo.InvariantCulture);
        using var insert = connection.Command(
            "INSERT INTO state_group_entries (group_id, type, state_key, event_id) VALUES ($g, $t, $k, $e)", transaction,
            ("$g", id), ("$t", ""), ("$k", ""), ("$e", ""));
        foreach (var (key, eventId) in entries)
        {
            insert.Parameters["$t"].Value = key.Type;
            insert.Parameters["$k"].Value = key.StateKey;
            insert.Parameters["$e"].Value = eventId.Value;
            insert.ExecuteNonQuery();
        }

        return id;
    }

    /// <summary>For m.relates_to in content: the event related to and the relation type.</summary>
    private static (string? RelatesTo, string? RelType) RelationOf(Pdu pdu)
    {
        if (pdu.Content.TryGetProperty("m.relates_to", out var relation) && relation.ValueKind == JsonValueKind.Object
            && relation.TryGetProperty("event_id", out var target) && target.ValueKind == JsonValueKind.String)
        {
            var type = relation.TryGetProperty("rel_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (target.GetString(), type);
        }

        return (null, null);
    }
}
