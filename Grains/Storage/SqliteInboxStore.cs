using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>The inbox store on the embedded SQLite database.</summary>
public sealed class SqliteInboxStore(SqliteDatabase database) : IInboxStore
{
    private const string Columns = "seq, kind, room_id, position, receipt_serial, membership, change, data";

    public Task<long> GetLatestSeqAsync(UserId user) => Task.FromResult(database.Read(connection =>
        Convert.ToInt64(connection.Scalar("SELECT COALESCE(MAX(seq), 0) FROM inbox_log WHERE user_id=$u", null, ("$u", user.Value)),
            CultureInfo.InvariantCulture)));

    public Task AppendAsync(UserId user, IReadOnlyList<InboxWrite> writes) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.Command(
                $"INSERT INTO inbox_log (user_id, {Columns}) VALUES ($u, $s, $k, $r, $p, $rs, $m, $c, $d)", transaction,
                ("$u", user.Value), ("$s", 0), ("$k", 0), ("$r", null), ("$p", 0), ("$rs", 0), ("$m", null), ("$c", 0), ("$d", null));
            foreach (var (entry, toDevices, message) in writes)
            {
                insert.Parameters["$s"].Value = entry.Seq;
                insert.Parameters["$k"].Value = (int)entry.Kind;
                insert.Parameters["$r"].Value = (object?)entry.Room?.Value ?? DBNull.Value;
                insert.Parameters["$p"].Value = entry.Position;
                insert.Parameters["$rs"].Value = entry.ReceiptSerial;
                insert.Parameters["$m"].Value = (object?)entry.Membership ?? DBNull.Value;
                insert.Parameters["$c"].Value = (int)entry.Change;
                insert.Parameters["$d"].Value = (object?)entry.Data ?? DBNull.Value;
                insert.ExecuteNonQuery();
                if (message is null || toDevices is null)
                    continue;
                var content = JsonSerializer.Serialize(message.Content);
                foreach (var device in toDevices)
                {
                    connection.Execute(
                        "INSERT INTO to_device (user_id, device_id, seq, sender, type, content) VALUES ($u, $d, $s, $from, $t, $c)", transaction,
                        ("$u", user.Value), ("$d", device), ("$s", entry.Seq), ("$from", message.Sender), ("$t", message.Type), ("$c", content));
                }
            }
        });

    public Task<IReadOnlyList<InboxEntry>> GetRangeAsync(UserId user, long since, long upto) =>
        Task.FromResult(Query($"SELECT {Columns} FROM inbox_log WHERE user_id=$u AND seq > $a AND seq <= $b ORDER BY seq",
            ("$u", user.Value), ("$a", since), ("$b", upto)));

    public Task<InboxEntry?> GetRoomEntryAtAsync(UserId user, RoomId room, long atOrBefore) =>
        Task.FromResult(Query($"SELECT {Columns} FROM inbox_log WHERE user_id=$u AND room_id=$r AND kind=1 AND seq <= $s ORDER BY seq DESC LIMIT 1",
            ("$u", user.Value), ("$r", room.Value), ("$s", atOrBefore)).FirstOrDefault());

    public Task<IReadOnlyList<InboxEntry>> GetLatestRoomEntriesAsync(UserId user) =>
        Task.FromResult(Query(
            $"""
            SELECT {Columns} FROM inbox_log WHERE user_id=$u AND kind=1 AND seq IN
                (SELECT MAX(seq) FROM inbox_log WHERE user_id=$u AND kind=1 GROUP BY room_id) ORDER BY seq
            """, ("$u", user.Value)));

    public Task<IReadOnlyList<(long Seq, ToDeviceMessage Message)>> GetToDeviceAsync(UserId user, string deviceId, long upto, int limit) =>
        Task.FromResult<IReadOnlyList<(long, ToDeviceMessage)>>(database.Read(connection =>
        {
            using var command = connection.Command(
                "SELECT seq, sender, type, content FROM to_device WHERE user_id=$u AND device_id=$d AND seq <= $s ORDER BY seq LIMIT $l", null,
                ("$u", user.Value), ("$d", deviceId), ("$s", upto), ("$l", limit));
            using var reader = command.ExecuteReader();
            var messages = new List<(long, ToDeviceMessage)>();
            while (reader.Read())
            {
                var content = JsonDocument.Parse(reader.GetString(3)).RootElement.Clone();
                messages.Add((reader.GetInt64(0), new ToDeviceMessage(reader.GetString(1), reader.GetString(2), content)));
            }

            return messages;
        }));

    public Task DeleteToDeviceAsync(UserId user, string deviceId, long upto) =>
        database.WriteAsync((connection, transaction) => connection.Execute(
            "DELETE FROM to_device WHERE user_id=$u AND device_id=$d AND seq <= $s", transaction,
            ("$u", user.Value), ("$d", deviceId), ("$s", upto)));

    public Task DeleteDeviceAsync(UserId user, string deviceId) =>
        database.WriteAsync((connection, transaction) => connection.Execute(
            "DELETE FROM to_device WHERE user_id=$u AND device_id=$d", transaction, ("$u", user.Value), ("$d", deviceId)));

    private IReadOnlyList<InboxEntry> Query(string sql, params (string, object?)[] parameters) => database.Read(connection =>
    {
        using var command = connection.Command(sql, null, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<InboxEntry>();
        while (reader.Read())
            entries.Add(Read(reader));
        return entries;
    });

    private static InboxEntry Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        (InboxEntryKind)reader.GetInt32(1),
        reader.StringOrNull(2) is { } room ? RoomId.From(room) : null,
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.StringOrNull(5),
        (RoomChange)reader.GetInt32(6),
        reader.StringOrNull(7));
}
