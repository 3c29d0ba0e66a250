using System.Text.Json;

namespace Tangle.Grains.Keys;

/// <summary>
/// A user's server-side room key backups (key: user id): versions with their auth data, and in each
/// version the backed-up session keys by room and session. Only the newest version takes new keys.
/// </summary>
public interface IKeyBackupGrain : IGrainWithStringKey
{
    /// <summary>Creates a new backup version, which becomes the current one.</summary>
    Task<string> CreateVersionAsync(string algorithm, JsonElement authData);

    /// <summary>A version (the current one when null); M_NOT_FOUND if there is none or it was deleted.</summary>
    Task<BackupVersion> GetVersionAsync(string? version);

    /// <summary>Replaces a version's auth data; the algorithm must stay the same.</summary>
    Task UpdateVersionAsync(string version, string algorithm, JsonElement authData);

    /// <summary>Deletes a version and its keys; deleting it again succeeds.</summary>
    Task DeleteVersionAsync(string version);

    /// <summary>Stores keys in the current version, keeping the better key of a session as the specification ranks them.</summary>
    Task<BackupPutResult> PutKeysAsync(string version, IReadOnlyList<BackedUpSessionKey> keys);

    /// <summary>The keys of a version, optionally of one room or one session.</summary>
    Task<IReadOnlyList<BackedUpSessionKey>> GetKeysAsync(string version, string? roomId, string? sessionId);

    /// <summary>Deletes the keys of a version, optionally only one room's or one session's.</summary>
    Task<BackupCounts> DeleteKeysAsync(string version, string? roomId, string? sessionId);
}
