using Tangle.Grains.Keys;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>A backup version as stored; a deleted one stays as a tombstone so its number is never reused.</summary>
public sealed record BackupVersionRow(long Version, string Algorithm, string AuthData, long Etag, bool Deleted);

/// <summary>
/// Users' room key backups. Not grain state: a backup holds a key per megolm session the user ever
/// received, often tens of thousands, and uploads add a few at a time.
/// </summary>
public interface IKeyBackupStore
{
    /// <summary>Creates the user's next version and returns its number.</summary>
    Task<long> CreateVersionAsync(UserId user, string algorithm, string authData);

    /// <summary>A version, deleted or not, or null if it never existed.</summary>
    Task<BackupVersionRow?> GetVersionAsync(UserId user, long version);

    /// <summary>The newest version that is not deleted, or null.</summary>
    Task<BackupVersionRow?> GetCurrentVersionAsync(UserId user);

    Task UpdateAuthDataAsync(UserId user, long version, string authData);

    /// <summary>Marks a version deleted and deletes its keys.</summary>
    Task DeleteVersionAsync(UserId user, long version);

    /// <summary>How many keys a version holds.</summary>
    Task<long> CountAsync(UserId user, long version);

    /// <summary>
    /// Stores keys in one transaction; a session's existing key is replaced only where
    /// <paramref name="replaces"/>(existing, incoming) says so. Returns the version's etag afterwards.
    /// </summary>
    Task<long> PutKeysAsync(UserId user, long version, IReadOnlyList<BackedUpSessionKey> keys,
        Func<BackedUpSessionKey, BackedUpSessionKey, bool> replaces);

    /// <summary>A version's keys, optionally of one room or one session of a room.</summary>
    Task<IReadOnlyList<BackedUpSessionKey>> GetKeysAsync(UserId user, long version, string? roomId, string? sessionId);

    /// <summary>Deletes a version's keys, optionally one room's or one session's; returns the etag afterwards.</summary>
    Task<long> DeleteKeysAsync(UserId user, long version, string? roomId, string? sessionId);
}
