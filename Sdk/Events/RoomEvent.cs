using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>
/// A room event as the Client-Server API formats it (<c>ClientEvent</c>): timeline and state events,
/// <c>/messages</c>, <c>/context</c>, <c>/event</c> and the like. <see cref="RoomId"/> is absent where the
/// room is implied (inside <c>/sync</c>'s per-room sections).
/// </summary>
public sealed class RoomEvent : MatrixEvent
{
    /// <summary>The event ID.</summary>
    [JsonPropertyName("event_id")]
    public string EventId { get; init; } = "";

    /// <summary>The user who sent the event.</summary>
    [JsonPropertyName("sender")]
    public string Sender { get; init; } = "";

    /// <summary>The sending server's timestamp, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("origin_server_ts")]
    public long OriginServerTs { get; init; }

    /// <summary>The room, when not implied by where the event appears.</summary>
    [JsonPropertyName("room_id")]
    public string? RoomId { get; init; }

    /// <summary>The state key; present exactly when this is a state event (it may be empty).</summary>
    [JsonPropertyName("state_key")]
    public string? StateKey { get; init; }

    /// <summary>Extra information the server adds: age, previous content, transaction ID, relations.</summary>
    [JsonPropertyName("unsigned")]
    public UnsignedData? Unsigned { get; init; }

    /// <summary>True for state events (those with a <c>state_key</c>).</summary>
    [JsonIgnore]
    public bool IsState => StateKey is not null;

    /// <summary>
    /// For <c>m.room.redaction</c>: the redacted event, from <c>content.redacts</c> (room v11+) or the
    /// top-level <c>redacts</c> (earlier versions).
    /// </summary>
    [JsonIgnore]
    public string? Redacts => ContentString("redacts")
        ?? (AdditionalProperties is { } extra && extra.TryGetValue("redacts", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);

    /// <summary>When the server sent the event, per <see cref="OriginServerTs"/>.</summary>
    [JsonIgnore]
    public DateTimeOffset OriginServerTime => DateTimeOffset.FromUnixTimeMilliseconds(OriginServerTs);

    /// <inheritdoc />
    public override string ToString() => $"{Type} {EventId} from {Sender}";
}
