using Tangle.Sdk.Encryption;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>POST /room_keys/version</c>: creates a new backup version and returns it.</summary>
    public async Task<string> CreateKeyBackupVersionAsync(string algorithm, object authData, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<KeyBackupVersionCreated>(new(HttpMethod.Post, MatrixPath.V3($"/room_keys/version"))
        {
            Body = new KeyBackupVersionRequest { Algorithm = algorithm, AuthData = authData },
        }, cancellationToken).ConfigureAwait(false)).Version;

    /// <summary>
    /// <c>GET /room_keys/version[/{version}]</c>: a backup version, the current one when none is named;
    /// <c>null</c> when there is no such backup (<c>M_NOT_FOUND</c>).
    /// </summary>
    public async Task<KeyBackupVersion?> GetKeyBackupVersionAsync(string? version = null, CancellationToken cancellationToken = default)
    {
        var path = version is null ? MatrixPath.V3($"/room_keys/version") : MatrixPath.V3($"/room_keys/version/{version}");
        try
        {
            return await _http.SendAsync<KeyBackupVersion>(new(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        }
        catch (MatrixException e) when (e.ErrCode == ErrorCodes.NotFound)
        {
            return null;
        }
    }

    /// <summary><c>PUT /room_keys/version/{version}</c>: updates a backup's auth data.</summary>
    public Task UpdateKeyBackupVersionAsync(string version, string algorithm, object authData, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/room_keys/version/{version}"))
        {
            Body = new KeyBackupVersionRequest { Algorithm = algorithm, AuthData = authData, Version = version },
        }, cancellationToken);

    /// <summary><c>DELETE /room_keys/version/{version}</c>: deletes a backup and its keys.</summary>
    public Task DeleteKeyBackupVersionAsync(string version, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Delete, MatrixPath.V3($"/room_keys/version/{version}")), cancellationToken);

    /// <summary><c>PUT /room_keys/keys?version=</c>: stores keys for any rooms.</summary>
    public Task<RoomKeysUpdateResponse> PutBackupKeysAsync(string version, KeyBackup keys, CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeysUpdateResponse>(HttpMethod.Put, MatrixPath.V3($"/room_keys/keys"), version, keys, cancellationToken);

    /// <summary><c>PUT /room_keys/keys/{roomId}?version=</c>: stores keys for one room.</summary>
    public Task<RoomKeysUpdateResponse> PutBackupRoomKeysAsync(string version, string roomId, RoomKeyBackup keys,
        CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeysUpdateResponse>(HttpMethod.Put, MatrixPath.V3($"/room_keys/keys/{roomId}"), version, keys, cancellationToken);

    /// <summary><c>PUT /room_keys/keys/{roomId}/{sessionId}?version=</c>: stores one session's key.</summary>
    public Task<RoomKeysUpdateResponse> PutBackupSessionKeyAsync(string version, string roomId, string sessionId, KeyBackupData key,
        CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeysUpdateResponse>(HttpMethod.Put, MatrixPath.V3($"/room_keys/keys/{roomId}/{sessionId}"), version, key, cancellationToken);

    /// <summary><c>GET /room_keys/keys?version=</c>: every backed-up key.</summary>
    public Task<KeyBackup> GetBackupKeysAsync(string version, CancellationToken cancellationToken = default) =>
        SendBackupAsync<KeyBackup>(HttpMethod.Get, MatrixPath.V3($"/room_keys/keys"), version, null, cancellationToken);

    /// <summary><c>GET /room_keys/keys/{roomId}?version=</c>: one room's backed-up keys.</summary>
    public Task<RoomKeyBackup> GetBackupRoomKeysAsync(string version, string roomId, CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeyBackup>(HttpMethod.Get, MatrixPath.V3($"/room_keys/keys/{roomId}"), version, null, cancellationToken);

    /// <summary><c>GET /room_keys/keys/{roomId}/{sessionId}?version=</c>: one backed-up session key.</summary>
    public Task<KeyBackupData> GetBackupSessionKeyAsync(string version, string roomId, string sessionId, CancellationToken cancellationToken = default) =>
        SendBackupAsync<KeyBackupData>(HttpMethod.Get, MatrixPath.V3($"/room_keys/keys/{roomId}/{sessionId}"), version, null, cancellationToken);

    /// <summary><c>DELETE /room_keys/keys?version=</c>: deletes every backed-up key.</summary>
    public Task<RoomKeysUpdateResponse> DeleteBackupKeysAsync(string version, CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeysUpdateResponse>(HttpMethod.Delete, MatrixPath.V3($"/room_keys/keys"), version, null, cancellationToken);

    /// <summary><c>DELETE /room_keys/keys/{roomId}?version=</c>: deletes one room's backed-up keys.</summary>
    public Task<RoomKeysUpdateResponse> DeleteBackupRoomKeysAsync(string version, string roomId, CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeysUpdateResponse>(HttpMethod.Delete, MatrixPath.V3($"/room_keys/keys/{roomId}"), version, null, cancellationToken);

    /// <summary><c>DELETE /room_keys/keys/{roomId}/{sessionId}?version=</c>: deletes one backed-up session key.</summary>
    public Task<RoomKeysUpdateResponse> DeleteBackupSessionKeyAsync(string version, string roomId, string sessionId,
        CancellationToken cancellationToken = default) =>
        SendBackupAsync<RoomKeysUpdateResponse>(HttpMethod.Delete, MatrixPath.V3($"/room_keys/keys/{roomId}/{sessionId}"), version, null, cancellationToken);

    private Task<T> SendBackupAsync<T>(HttpMethod method, string path, string version, object? body, CancellationToken cancellationToken) =>
        _http.SendAsync<T>(new(method, path) { Query = new Query().Add("version", version), Body = body }, cancellationToken);
}
