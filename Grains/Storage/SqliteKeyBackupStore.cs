using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tangle.Grains.Keys;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>Room key backups on the embedded SQLite database.</summary>
public sealed class SqliteKeyBackupStore(SqliteDatabase database) : IKeyBackupStore
{
    private const string KeyColumns = "room_id, session_id, first_message_index, forwarded_count, is_verified, session_data";

    public Task<long> CreateVersionAsync(UserId user, string algorithm, string authData) =>
        database.WriteAsync((connection, transaction) =>
        {
            var version = Convert.ToInt64(connection.Scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM e2e_room_key_versions WHERE user_id=$u",
                transaction, ("$u", user.Value)), CultureInfo.InvariantCulture);
            connection.Execute("INSERT INTO e2e_room_key_versions (user_id, version, algorithm, auth_data) VALUES ($u, $v, $a, $d)", transaction,
                ("$u", user.Value), ("$v", version), ("$a", algorithm), ("$d", authData));
            return version;
        });

    public Task<BackupVersionRow?> GetVersionAsync(UserId user, long version) => Task.FromResult(ReadVersion(
        "SELECT version, algorithm, auth_data, etag, deleted FROM e2e_room_key_versions WHERE user_id=$u AND version=$v",
        ("$u", user.Value), ("$v", version)));

    public Task<BackupVersionRow?> GetCurrentVersionAsync(UserId user) => Task.FromResult(ReadVersion(
        "SELECT version, algorithm, auth_data, etag, deleted FROM e2e_room_key_versions WHERE user_id=$u AND deleted=0 ORDER BY version DESC LIMIT 1",
        ("$u", user.Value)));

    public Task UpdateAuthDataAsync(UserId user, long version, string authData) =>
        database.WriteAsync((connection, transaction) => connection.Execute(
            "UPDATE e2e_room_key_versions SET auth_data=$d WHERE user_id=$u AND version=$v", transaction,
            ("$u", user.Value), ("$v", version), ("$d", authData)));

    public Task DeleteVersionAsync(UserId user, long version) =>
        database.WriteAsync((connection, transaction) =>
        {
            connection.Execute("UPDATE e2e_room_key_versions SET deleted=1 WHERE user_id=$u AND version=$v", transaction,
                ("$u", user.Value), ("$v", version));
            connection.Execute("DELETE FROM e2e_room_keys WHERE user_id=$u AND version=$v", transaction, ("$u", user.Value), ("$v", version));
        });

    public Task<long> CountAsync(UserId user, long version) => Task.FromResult(database.Read(connection => Convert.ToInt64(
        connection.Scalar("SELECT COUNT(*) FROM e2e_room_keys WHERE user_id=$u AND version=$v", null, ("$u", user.Value), ("$v", version)),
        CultureInfo.InvariantCulture)));

    public Task<long> PutKeysAsync(UserId user, long version, IReadOnlyList<BackedUpSessionKey> keys,
        Func<BackedUpSessionKey, BackedUpSessionKey, bool> replaces) =>
        database.WriteAsync((connection, transaction) =>
        {
            var changed = false;
            foreach (var key in keys)
            {
                var existing = ReadKeys(connection, transaction, "AND room_id=$r AND session_id=$s",
                    ("$u", user.Value), ("$v", version), ("$r", key.RoomId), ("$s", key.SessionId)).FirstOrDefault();
                if (existing is not null && !replaces(existing, key))
                    continue;
                connection.Execute(
                    $"INSERT OR REPLACE INTO e2e_room_keys (user_id, version, {KeyColumns}) VALUES ($u, $v, $r, $s, $i, $f, $ver, $data)", transaction,
                    ("$u", user.Value), ("$v", version), ("$r", key.RoomId), ("$s", key.SessionId), ("$i", key.FirstMessageIndex),
                    ("$f", key.ForwardedCount), ("$ver", key.IsVerified ? 1 : 0), ("$data", key.SessionData.GetRawText()));
                changed = true;
            }

            return changed ? BumpEtag(connection, transaction, user, version) : Etag(connection, transaction, user, version);
        });

    public Task<IReadOnlyList<BackedUpSessionKey>> GetKeysAsync(UserId user, long version, string? roomId, string? sessionId) =>
        Task.FromResult<IReadOnlyList<BackedUpSessionKey>>(database.Read(connection =>
        {
            var (filter, parameters) = Filter(user, version, roomId, sessionId);
            return ReadKeys(connection, null, filter, parameters);
        }));

    public Task<long> DeleteKeysAsync(UserId user, long version, string? roomId, string? sessionId) =>
        database.WriteAsync((connection, transaction) =>
        {
            var (filter, parameters) = Filter(user, version, roomId, sessionId);
            var deleted = connection.Execute($"DELETE FROM e2e_room_keys WHERE user_id=$u AND version=$v {filter}", transaction, parameters);
            return deleted > 0 ? BumpEtag(connection, transaction, user, version) : Etag(connection, transaction, user, version);
        });

    private static (string Filter, (string, object?)[] Parameters) Filter(UserId user, long version, string? roomId, string? sessionId)
    {
        var parameters = new List<(string, object?)> { ("$u", user.Value), ("$v", version) };
        var filter = "";
        if (roomId is not null)
        {
            filter += " AND room_id=$r";
            parameters.Add(("$r", roomId));
        }

        if (sessionId is not null)
        {
            filter += " AND session_id=$s";
            parameters.Add(("$s", sessionId));
        }

        return (filter, parameters.ToArray());
    }

    private static long BumpEtag(SqliteConnection connection, SqliteTransaction transaction, UserId user, long version)
    {
        connection.Execute("UPDATE e2e_room_key_versions SET etag=etag+1 WHERE user_id=$u AND version=$v", transaction,
            ("$u", user.Value), ("$v", version));
        return Etag(connection, transaction, user, version);
    }

    private static long Etag(SqliteConnection connection, SqliteTransaction transaction, UserId user, long version) => Convert.ToInt64(
        connection.Scalar("SELECT etag FROM e2e_room_key_versions WHERE user_id=$u AND version=$v", transaction, ("$u", user.Value), ("$v", version)),
        CultureInfo.InvariantCulture);

    private static List<BackedUpSessionKey> ReadKeys(SqliteConnection connection, SqliteTransaction? transaction, string filter,
        params (string, object?)[] parameters)
    {
        using var command = connection.Command(
            $"SELECT {KeyColumns} FROM e2e_room_keys WHERE user_id=$u AND version=$v {filter} ORDER BY room_id, session_id", transaction, parameters);
        using var reader = command.ExecuteReader();
        var keys = new List<BackedUpSessionKey>();
        while (reader.Read())
        {
            keys.Add(new BackedUpSessionKey(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4) != 0,
                JsonDocument.Parse(reader.GetString(5)).RootElement.Clone()));
        }

        return keys;
    }

    private BackupVersionRow? ReadVersion(string sql, params (string, object?)[] parameters) => database.Read(connection =>
    {
        using var command = connection.Command(sql, null, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new BackupVersionRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4) != 0)
            : null;
    });
}
