using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Encryption;

/// <summary>A room key backup version, from <c>GET /room_keys/version</c>.</summary>
public sealed record KeyBackupVersion
{
    /// <summary>The backup algorithm, e.g. <c>m.megolm_backup.v1.curve25519-aes-sha2</c>.</summary>
    [JsonPropertyName("algorithm")]
    public string Algorithm { get; init; } = "";

    /// <summary>Algorithm-specific data, e.g. the public key and its signatures.</summary>
    [JsonPropertyName("auth_data")]
    public JsonElement AuthData { get; init; } = MatrixJson.EmptyObject;

    /// <summary>The number of keys in the backup.</summary>
    [JsonPropertyName("count")]
    public long Count { get; init; }

    /// <summary>An opaque string that changes whenever the keys in the backup change.</summary>
    [JsonPropertyName("etag")]
    public string Etag { get; init; } = "";

    /// <summary>The backup version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = "";
}

/// <summary>The body of creating or updating a backup version.</summary>
internal sealed record KeyBackupVersionRequest
{
    [JsonPropertyName("algorithm")]
    public string Algorithm { get; init; } = "";

    [JsonPropertyName("auth_data")]
    public object AuthData { get; init; } = new();

    [JsonPropertyName("version")]
    public string? Version { get; init; }
}

/// <summary>The response of creating a backup version.</summary>
internal sealed record KeyBackupVersionCreated
{
    [JsonPropertyName("version")]
    public string Version { get; init; } = "";
}

/// <summary>One backed-up Megolm session (<c>KeyBackupData</c>).</summary>
public sealed record KeyBackupData
{
    /// <summary>The first message index the key can decrypt.</summary>
    [JsonPropertyName("first_message_index")]
    public long FirstMessageIndex { get; init; }

    /// <summary>How many times the key has been forwarded.</summary>
    [JsonPropertyName("forwarded_count")]
    public long ForwardedCount { get; init; }

    /// <summary>Whether the device the key came from was verified.</summary>
    [JsonPropertyName("is_verified")]
    public bool IsVerified { get; init; }

    /// <summary>The encrypted, algorithm-dependent session data.</summary>
    [JsonPropertyName("session_data")]
    public JsonElement SessionData { get; init; } = MatrixJson.EmptyObject;
}

/// <summary>The backed-up sessions of one room.</summary>
public sealed record RoomKeyBackup
{
    /// <summary>Session ID to backed-up key.</summary>
    [JsonPropertyName("sessions")]
    public IReadOnlyDictionary<string, KeyBackupData> Sessions { get; init; } = new Dictionary<string, KeyBackupData>();
}

/// <summary>The backed-up sessions of every room.</summary>
public sealed record KeyBackup
{
    /// <summary>Room ID to the room's backed-up sessions.</summary>
    [JsonPropertyName("rooms")]
    public IReadOnlyDictionary<string, RoomKeyBackup> Rooms { get; init; } = new Dictionary<string, RoomKeyBackup>();
}

/// <summary>The response of storing or deleting keys in a backup.</summary>
public sealed record RoomKeysUpdateResponse
{
    /// <summary>The backup's new etag.</summary>
    [JsonPropertyName("etag")]
    public string Etag { get; init; } = "";

    /// <summary>The number of keys now in the backup.</summary>
    [JsonPropertyName("count")]
    public long Count { get; init; }
}
