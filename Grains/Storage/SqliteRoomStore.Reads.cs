using System.Text;
using Microsoft.Data.Sqlite;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Storage;

public sealed partial class SqliteRoomStore
{
    public Task<StoredEvent?> GetEventAsync(ServerName server, EventId eventId) => Task.FromResult(database.Read(connection =>
    {
        using var command = connection.Command($"SELECT {EventColumns} FROM events WHERE server=$s AND event_id=$e", null,
            ("$s", server.Value), ("$e", eventId.Value));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEvent(reader) : null;
    }));

    public Task<IReadOnlyList<StoredEvent>> GetEventsAsync(ServerName server, IEnumerable<EventId> eventIds)
    {
        var ids = eventIds.Distinct().ToList();
        if (ids.Count == 0)
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        return Task.FromResult<IReadOnlyList<StoredEvent>>(database.Read(connection =>
        {
            var found = new List<StoredEvent>(ids.Count);
            foreach (var chunk in ids.Chunk(500))
            {
                var names = chunk.Select((_, i) => $"$e{i}").ToList();
                using var command = connection.Command(
                    $"SELECT {EventColumns} FROM events WHERE server=$s AND event_id IN ({string.Join(",", names)})", null, ("$s", server.Value));
                for (var i = 0; i < chunk.Length; i++)
                    command.Parameters.AddWithValue(names[i], chunk[i].Value);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    found.Add(ReadEvent(reader));
            }

            return found;
        }));
    }

    public Task<IReadOnlyList<StoredEvent>> GetRangeAsync(ServerName server, RoomId room, long after, long upto, bool backwards, int limit, RoomEventFilter? filter = null) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(database.Read(connection =>
        {
            var sql = new StringBuilder($"SELECT {EventColumns} FROM events WHERE server=$s AND room_id=$r AND stream_position > $a AND stream_position <= $u AND status=0");
            using var command = connection.Command("", null, ("$s", server.Value), ("$r", room.Value), ("$a", after), ("$u", upto), ("$l", limit));
            if (filter is not null)
                AppendFilter(sql, command, filter);
            sql.Append(backwards ? " ORDER BY stream_position DESC" : " ORDER BY stream_position ASC").Append(" LIMIT $l");
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            var events = new List<StoredEvent>();
            while (reader.Read())
                events.Add(ReadEvent(reader));
            return events;
        }));

    private static void AppendFilter(StringBuilder sql, SqliteCommand command, RoomEventFilter filter)
    {
        AppendList(sql, command, "type", filter.Types, include: true, "$ty");
        AppendList(sql, command, "type", filter.NotTypes, include: false, "$nty");
        AppendList(sql, command, "sender", filter.Senders, include: true, "$se");
        AppendList(sql, command, "sender", filter.NotSenders, include: false, "$nse");
    }

    /// <summary>Adds an IN / NOT IN clause; a trailing '*' in a type filter matches any suffix.</summary>
    private static void AppendList(StringBuilder sql, SqliteCommand command, string column, IReadOnlyList<string>? values, bool include, string prefix)
    {
        if (values is null)
            return;
        if (values.Count == 0)
        {
            if (include)
                sql.Append(" AND 0");
            return;
        }

        var clauses = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var name = $"{prefix}{i}";
            if (values[i].EndsWith('*'))
            {
                clauses.Add($"{column} LIKE {name} ESCAPE '\\'");
                command.Parameters.AddWithValue(name, values[i][..^1].Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
            }
            else
            {
                clauses.Add($"{column} = {name}");
                command.Parameters.AddWithValue(name, values[i]);
            }
        }

        sql.Append(include ? " AND (" : " AND NOT (").Append(string.Join(" OR ", clauses)).Append(')');
    }

    public Task<EventId?> FindTransactionAsync(ServerName server, RoomId room, UserId sender, ClientTransaction transaction) =>
        Task.FromResult(database.Read(connection =>
        {
            var id = connection.Scalar(
                "SELECT event_id FROM events WHERE server=$s AND room_id=$r AND sender=$u AND txn_device=$d AND txn_scope=$scope AND txn_id=$t", null,
                ("$s", server.Value), ("$r", room.Value), ("$u", sender.Value), ("$d", transaction.DeviceId), ("$scope", transaction.Scope),
                ("$t", transaction.TxnId));
            return id is string text ? EventId.From(text) : null;
        }));

    public Task<IReadOnlyDictionary<StateMapKey, EventId>> GetStateGroupAsync(long groupId)
    {
        if (_groups.TryGet(groupId, out var cached))
            return Task.FromResult(cached);
        var loaded = database.Read(connection => LoadGroup(connection, null, groupId));
        _groups.Set(groupId, loaded);
        return Task.FromResult(loaded);
    }

    /// <summary>Walks the delta chain back to a snapshot (or a cached group), then applies the deltas forwards.</summary>
    private IReadOnlyDictionary<StateMapKey, EventId> LoadGroup(SqliteConnection connection, SqliteTransaction? transaction, long groupId)
    {
        if (_groups.TryGet(groupId, out var cached))
            return cached;
        var chain = new List<long>();
        IReadOnlyDictionary<StateMapKey, EventId>? basis = null;
        long? current = groupId;
        while (current is { } id)
        {
            if (_groups.TryGet(id, out var known))
            {
                basis = known;
                break;
            }

            chain.Add(id);
            current = connection.Scalar("SELECT prev_group FROM state_groups WHERE id=$g", transaction, ("$g", id)) is long prev ? prev : null;
        }

        var state = basis is null ? new Dictionary<StateMapKey, EventId>() : new Dictionary<StateMapKey, EventId>(basis);
        using var command = connection.Command("SELECT type, state_key, event_id FROM state_group_entries WHERE group_id=$g", transaction, ("$g", 0L));
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            command.Parameters["$g"].Value = chain[i];
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = new StateMapKey(reader.GetString(0), reader.GetString(1));
                if (reader.IsDBNull(2))
                    state.Remove(key);
                else
                    state[key] = EventId.From(reader.GetString(2));
            }
        }

        _groups.Set(groupId, state);
        return state;
    }

    public Task<IReadOnlyList<StoredEvent>> GetRelationsAsync(ServerName server, RoomId room, EventId relatesTo) =>
        Task.FromResult<IReadOnlyList<StoredEvent>>(database.Read(connection =>
        {
            using var command = connection.Command(
                $"SELECT {EventColumns} FROM events WHERE server=$s AND room_id=$r AND relates_to=$e AND status=0 ORDER BY stream_position", null,
                ("$s", server.Value), ("$r", room.Value), ("$e", relatesTo.Value));
            using var reader = command.ExecuteReader();
            var events = new List<StoredEvent>();
            while (reader.Read())
                events.Add(ReadEvent(reader));
            return events;
        }));

    public Task<StoredEvent?> FindByTimestampAsync(ServerName server, RoomId room, long timestamp, Direction direction) =>
        Task.FromResult(database.Read(connection =>
        {
            var sql = direction == Direction.Forwards
                ? $"SELECT {EventColumns} FROM events WHERE server=$s AND room_id=$r AND status=0 AND origin_server_ts >= $t ORDER BY origin_server_ts ASC, stream_position ASC LIMIT 1"
                : $"SELECT {EventColumns} FROM events WHERE server=$s AND room_id=$r AND status=0 AND origin_server_ts <= $t ORDER BY origin_server_ts DESC, stream_position DESC LIMIT 1";
            using var command = connection.Command(sql, null, ("$s", server.Value), ("$r", room.Value), ("$t", timestamp));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadEvent(reader) : null;
        }));

    public Task<StoredEvent?> GetEventAtOrBeforeAsync(ServerName server, RoomId room, long position) =>
        Task.FromResult(database.Read(connection =>
        {
            using var command = connection.Command(
                $"SELECT {EventColumns} FROM events WHERE server=$s AND room_id=$r AND stream_position <= $p AND status=0 ORDER BY stream_position DESC LIMIT 1", null,
                ("$s", server.Value), ("$r", room.Value), ("$p", position));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadEvent(reader) : null;
        }));

    public async Task<long> PutReceiptAsync(ServerName server, RoomId room, Receipt receipt) =>
        await database.WriteAsync((connection, transaction) =>
        {
            var serial = 1 + Convert.ToInt64(connection.Scalar("SELECT receipt_serial FROM rooms WHERE server=$s AND room_id=$r", transaction,
                ("$s", server.Value), ("$r", room.Value)) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
            connection.Execute("UPDATE rooms SET receipt_serial=$n WHERE server=$s AND room_id=$r", transaction,
                ("$n", serial), ("$s", server.Value), ("$r", room.Value));
            connection.Execute(
                """
                INSERT INTO receipts (server, room_id, user_id, receipt_type, thread_id, event_id, ts, serial)
                VALUES ($s, $r, $u, $t, $th, $e, $ts, $n)
                ON CONFLICT (server, room_id, user_id, receipt_type, thread_id) DO UPDATE SET event_id=$e, ts=$ts, serial=$n
                """, transaction,
                ("$s", server.Value), ("$r", room.Value), ("$u", receipt.UserId), ("$t", receipt.ReceiptType), ("$th", receipt.ThreadId ?? ""),
                ("$e", receipt.EventId.Value), ("$ts", receipt.Timestamp), ("$n", serial));
            return serial;
        });

    public Task<IReadOnlyList<Receipt>> GetReceiptsSinceAsync(ServerName server, RoomId room, long since) =>
        Task.FromResult<IReadOnlyList<Receipt>>(database.Read(connection =>
        {
            using var command = connection.Command(
                "SELECT user_id, receipt_type, event_id, ts, thread_id, serial FROM receipts WHERE server=$s AND room_id=$r AND serial > $n ORDER BY serial", null,
                ("$s", server.Value), ("$r", room.Value), ("$n", since));
            using var reader = command.ExecuteReader();
            var receipts = new List<Receipt>();
            while (reader.Read())
            {
                var thread = reader.GetString(4);
                receipts.Add(new Receipt(reader.GetString(0), reader.GetString(1), EventId.From(reader.GetString(2)), reader.GetInt64(3),
                    thread.Length == 0 ? null : thread, reader.GetInt64(5)));
            }

            return receipts;
        }));

    private static StoredEvent ReadEvent(SqliteDataReader reader)
    {
        var version = RoomVersions.Get(reader.GetString(1)).Value;
        // Stored canonical and with its id: read back without re-encoding or hashing.
        var pdu = Pdu.FromStore((byte[])reader.GetValue(0), version, EventId.From(reader.GetString(9))).Value;
        var device = reader.StringOrNull(7);
        var txn = reader.StringOrNull(8);
        return new StoredEvent(pdu, reader.GetInt64(2), reader.LongOrNull(3), reader.LongOrNull(4), (EventStatus)reader.GetInt32(5),
            reader.StringOrNull(6) is { } by ? EventId.From(by) : null,
            device is not null && txn is not null ? new ClientTransaction(device, txn) : null);
    }
}
