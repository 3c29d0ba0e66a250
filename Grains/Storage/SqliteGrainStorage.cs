using System.Globalization;
using Orleans.Storage;

namespace Tangle.Grains.Storage;

/// <summary>
/// Orleans grain storage on the embedded SQLite database: one row per (grain type, grain id, state
/// name), written whole, guarded by an etag so two activations can never overwrite each other.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = database.Read(connection =>
        {
            using var command = connection.Command(
                "SELECT etag, payload FROM grain_state WHERE grain_type=$t AND grain_id=$i AND state_name=$n", null,
                ("$t", grainId.Type.ToString()), ("$i", grainId.Key.ToString()), ("$n", stateName));
            using var reader = command.ExecuteReader();
            return reader.Read() ? (ETag: reader.GetString(0), Payload: (byte[])reader.GetValue(1)) : default;
        });
        if (row.ETag is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(row.Payload)) ?? Activator.CreateInstance<T>();
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var expected = grainState.ETag;
        var next = (long.Parse(expected ?? "0", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var written = await database.WriteAsync((connection, transaction) =>
        {
            var current = connection.Scalar("SELECT etag FROM grain_state WHERE grain_type=$t AND grain_id=$i AND state_name=$n", transaction,
                ("$t", grainId.Type.ToString()), ("$i", grainId.Key.ToString()), ("$n", stateName)) as string;
            if (current != expected)
                return false;
            connection.Execute(
                """
                INSERT INTO grain_state (grain_type, grain_id, state_name, etag, payload) VALUES ($t, $i, $n, $e, $p)
                ON CONFLICT (grain_type, grain_id, state_name) DO UPDATE SET etag=$e, payload=$p
                """, transaction,
                ("$t", grainId.Type.ToString()), ("$i", grainId.Key.ToString()), ("$n", stateName), ("$e", next), ("$p", payload));
            return true;
        });
        if (!written)
            throw new InconsistentStateException($"grain state {stateName} of {grainId} changed underneath this activation", "unknown", expected ?? "none");
        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await database.WriteAsync((connection, transaction) => connection.Execute(
            "DELETE FROM grain_state WHERE grain_type=$t AND grain_id=$i AND state_name=$n", transaction,
            ("$t", grainId.Type.ToString()), ("$i", grainId.Key.ToString()), ("$n", stateName)));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }
}
