using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>The <c>unsigned</c> object of a room event.</summary>
public sealed class UnsignedData
{
    /// <summary>Milliseconds since the event was sent, as the server last saw it.</summary>
    [JsonPropertyName("age")]
    public long? Age { get; init; }

    /// <summary>The event that redacted this one, if any.</summary>
    [JsonPropertyName("redacted_because")]
    public RoomEvent? RedactedBecause { get; init; }

    /// <summary>The client-supplied transaction ID, shown only to the sending device.</summary>
    [JsonPropertyName("transaction_id")]
    public string? TransactionId { get; init; }

    /// <summary>For state events: the content of the state this event replaced.</summary>
    [JsonPropertyName("prev_content")]
    public JsonElement? PrevContent { get; init; }

    /// <summary>For state events: the ID of the event this one replaced.</summary>
    [JsonPropertyName("replaces_state")]
    public string? ReplacesState { get; init; }

    /// <summary>The requesting user's membership at the time of the event.</summary>
    [JsonPropertyName("membership")]
    public string? Membership { get; init; }

    /// <summary>Server-side aggregations of relations (<c>m.relations</c>: threads, edits, references).</summary>
    [JsonPropertyName("m.relations")]
    public JsonElement? Relations { get; init; }

    /// <summary>Every other unsigned field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
