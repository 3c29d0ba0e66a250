using System.Text.Json;
using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Sync;

/// <summary>The response of <c>GET /_matrix/client/v3/sync</c>.</summary>
public sealed record SyncResponse
{
    /// <summary>The token to pass as <c>since</c> in the next sync.</summary>
    [JsonPropertyName("next_batch")]
    public string NextBatch { get; init; } = "";

    /// <summary>Updates to rooms, by membership.</summary>
    [JsonPropertyName("rooms")]
    public RoomsUpdate Rooms { get; init; } = new();

    /// <summary>Presence updates of other users.</summary>
    [JsonPropertyName("presence")]
    public EventBatch<BasicEvent> Presence { get; init; } = new();

    /// <summary>Global account data.</summary>
    [JsonPropertyName("account_data")]
    public EventBatch<BasicEvent> AccountData { get; init; } = new();

    /// <summary>Send-to-device messages for this device.</summary>
    [JsonPropertyName("to_device")]
    public EventBatch<ToDeviceEvent> ToDevice { get; init; } = new();

    /// <summary>Users whose device lists changed or who no longer share an encrypted room (incremental syncs).</summary>
    [JsonPropertyName("device_lists")]
    public DeviceLists? DeviceLists { get; init; }

    /// <summary>The number of unclaimed one-time keys this device has on the server, per algorithm.</summary>
    [JsonPropertyName("device_one_time_keys_count")]
    public IReadOnlyDictionary<string, int>? DeviceOneTimeKeysCount { get; init; }

    /// <summary>The algorithms for which this device has an unused fallback key.</summary>
    [JsonPropertyName("device_unused_fallback_key_types")]
    public IReadOnlyList<string>? DeviceUnusedFallbackKeyTypes { get; init; }

    /// <summary>Every other top-level field (extensions), raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A list of events, the shape of most <c>/sync</c> sections.</summary>
/// <typeparam name="TEvent">The kind of event in the batch.</typeparam>
public sealed record EventBatch<TEvent>
    where TEvent : MatrixEvent
{
    /// <summary>The events, oldest first.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<TEvent> Events { get; init; } = [];
}

/// <summary>The <c>device_lists</c> section of <c>/sync</c>.</summary>
public sealed record DeviceLists
{
    /// <summary>Users whose devices or cross-signing keys changed, or who newly share an encrypted room.</summary>
    [JsonPropertyName("changed")]
    public IReadOnlyList<string> Changed { get; init; } = [];

    /// <summary>Users who no longer share an encrypted room with the client.</summary>
    [JsonPropertyName("left")]
    public IReadOnlyList<string> Left { get; init; } = [];
}
