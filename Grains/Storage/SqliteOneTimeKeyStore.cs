using System.Globalization;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>One-time keys on the embedded SQLite database.</summary>
public sealed class SqliteOneTimeKeyStore(SqliteDatabase database) : IOneTimeKeyStore
{
    public Task<IReadOnlyList<string>> AddAsync(UserId user, string deviceId, IReadOnlyList<OneTimeKey> keys) =>
        database.WriteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var conflicts = new List<string>();
            var fresh = new List<OneTimeKey>();
            foreach (var key in keys)
            {
                var held = connection.Scalar("SELECT json FROM e2e_one_time_keys WHERE user_id=$u AND device_id=$d AND key_id=$k", transaction,
                    ("$u", user.Value), ("$d", deviceId), ("$k", key.KeyId)) as string;
                if (held is null)
                    fresh.Add(key);
                else if (held != key.Json)
                    conflicts.Add(key.KeyId);
            }

            if (conflicts.Count > 0 || fresh.Count == 0)
                return conflicts;
            var serial = Convert.ToInt64(connection.Scalar("SELECT COALESCE(MAX(serial), 0) + 1 FROM e2e_one_time_keys WHERE user_id=$u AND device_id=$d",
                transaction, ("$u", user.Value), ("$d", deviceId)), CultureInfo.InvariantCulture);
            foreach (var key in fresh)
            {
                connection.Execute("INSERT INTO e2e_one_time_keys (user_id, device_id, algorithm, key_id, serial, json) VALUES ($u, $d, $a, $k, $s, $j)",
                    transaction, ("$u", user.Value), ("$d", deviceId), ("$a", key.Algorithm), ("$k", key.KeyId), ("$s", serial), ("$j", key.Json));
            }

            return conflicts;
        });

    public Task<IReadOnlyDictionary<string, int>> CountAsync(UserId user, string deviceId) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(database.Read(connection =>
        {
            using var command = connection.Command(
                "SELECT algorithm, COUNT(*) FROM e2e_one_time_keys WHERE user_id=$u AND device_id=$d GROUP BY algorithm", null,
                ("$u", user.Value), ("$d", deviceId));
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read())
                counts[reader.GetString(0)] = reader.GetInt32(1);
            return counts;
        }));

    public Task<OneTimeKey?> ClaimAsync(UserId user, string deviceId, string algorithm) =>
        database.WriteAsync((connection, transaction) =>
        {
            OneTimeKey? oldest;
            using (var command = connection.Command(
                "SELECT key_id, json FROM e2e_one_time_keys WHERE user_id=$u AND device_id=$d AND algorithm=$a ORDER BY serial, key_id LIMIT 1",
                transaction, ("$u", user.Value), ("$d", deviceId), ("$a", algorithm)))
            using (var reader = command.ExecuteReader())
                oldest = reader.Read() ? new OneTimeKey(reader.GetString(0), algorithm, reader.GetString(1)) : null;
            if (oldest is not null)
            {
                connection.Execute("DELETE FROM e2e_one_time_keys WHERE user_id=$u AND device_id=$d AND key_id=$k", transaction,
                    ("$u", user.Value), ("$d", deviceId), ("$k", oldest.KeyId));
            }

            return oldest;
        });

    public Task DeleteDeviceAsync(UserId user, string deviceId) =>
        database.WriteAsync((connection, transaction) => connection.Execute(
            "DELETE FROM e2e_one_time_keys WHERE user_id=$u AND device_id=$d", transaction, ("$u", user.Value), ("$d", deviceId)));
}
