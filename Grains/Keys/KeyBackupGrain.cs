using System.Globalization;
using System.Text.Json;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Keys;

/// <summary>
/// A user's room key backups. The store does each change in one transaction; this grain makes the
/// "is it the current version" check and the write one step, since it handles one request at a time.
/// </summary>
public sealed class KeyBackupGrain(IKeyBackupStore store) : Grain, IKeyBackupGrain
{
    private UserId User => UserId.From(this.GetPrimaryKeyString());

    public async Task<string> CreateVersionAsync(string algorithm, JsonElement authData) =>
        Format(await store.CreateVersionAsync(User, algorithm, authData.GetRawText()));

    public async Task<BackupVersion> GetVersionAsync(string? version)
    {
        var row = version is null
            ? await store.GetCurrentVersionAsync(User) ?? throw MatrixException.NotFound("no current backup version")
            : await ExistingAsync(version);
        return new BackupVersion(Format(row.Version), row.Algorithm, JsonDocument.Parse(row.AuthData).RootElement.Clone(),
            new BackupCounts(Format(row.Etag), await store.CountAsync(User, row.Version)));
    }

    public async Task UpdateVersionAsync(string version, string algorithm, JsonElement authData)
    {
        var row = await ExistingAsync(version);
        if (row.Algorithm != algorithm)
            throw MatrixException.InvalidParam("the algorithm does not match the backup's");
        await store.UpdateAuthDataAsync(User, row.Version, authData.GetRawText());
    }

    public async Task DeleteVersionAsync(string version)
    {
        var row = Parse(version) is { } number ? await store.GetVersionAsync(User, number) : null;
        if (row is null)
            throw MatrixException.NotFound("unknown backup version");
        if (!row.Deleted)
            await store.DeleteVersionAsync(User, row.Version);
    }

    public async Task<BackupPutResult> PutKeysAsync(string version, IReadOnlyList<BackedUpSessionKey> keys)
    {
        var current = await store.GetCurrentVersionAsync(User) ?? throw MatrixException.NotFound("unknown backup version");
        if (Parse(version) != current.Version)
            return new BackupPutResult(null, Format(current.Version));
        var etag = await store.PutKeysAsync(User, current.Version, keys, Replaces);
        return new BackupPutResult(new BackupCounts(Format(etag), await store.CountAsync(User, current.Version)), null);
    }

    public async Task<IReadOnlyList<BackedUpSessionKey>> GetKeysAsync(string version, string? roomId, string? sessionId)
    {
        var row = await ExistingAsync(version);
        return await store.GetKeysAsync(User, row.Version, roomId, sessionId);
    }

    public async Task<BackupCounts> DeleteKeysAsync(string version, string? roomId, string? sessionId)
    {
        var row = await ExistingAsync(version);
        var etag = await store.DeleteKeysAsync(User, row.Version, roomId, sessionId);
        return new BackupCounts(Format(etag), await store.CountAsync(User, row.Version));
    }

    /// <summary>
    /// The specification's choice between a session's stored key and an uploaded one: a verified key
    /// beats an unverified one, then the lower first_message_index wins, then the lower forwarded_count.
    /// On a full tie the stored key stays.
    /// </summary>
    internal static bool Replaces(BackedUpSessionKey existing, BackedUpSessionKey incoming)
    {
        if (existing.IsVerified != incoming.IsVerified)
            return incoming.IsVerified;
        if (existing.FirstMessageIndex != incoming.FirstMessageIndex)
            return incoming.FirstMessageIndex < existing.FirstMessageIndex;
        return incoming.ForwardedCount < existing.ForwardedCount;
    }

    private async Task<BackupVersionRow> ExistingAsync(string version) =>
        Parse(version) is { } number && await store.GetVersionAsync(User, number) is { Deleted: false } row
            ? row
            : throw MatrixException.NotFound("unknown backup version");

    /// <summary>A version number as this grain writes it; any other spelling names no version.</summary>
    private static long? Parse(string version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Format(number) == version ? number : null;

    private static string Format(long number) => number.ToString(CultureInfo.InvariantCulture);
}
