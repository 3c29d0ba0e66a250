using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>The <c>m.relates_to</c> object: how an event relates to another.</summary>
public sealed record RelatesTo
{
    /// <summary>The relation type, e.g. <c>m.thread</c>, <c>m.annotation</c>, <c>m.replace</c>.</summary>
    [JsonPropertyName("rel_type")]
    public string? RelType { get; init; }

    /// <summary>The event related to.</summary>
    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }

    /// <summary>For annotations: the annotation key, e.g. the reaction emoji.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>For rich replies (and thread fallbacks): the event replied to.</summary>
    [JsonPropertyName("m.in_reply_to")]
    public InReplyTo? InReplyTo { get; init; }

    /// <summary>For threads: whether <see cref="InReplyTo"/> is only a fallback for unthreaded clients.</summary>
    [JsonPropertyName("is_falling_back")]
    public bool? IsFallingBack { get; init; }

    /// <summary>Every other field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>An <c>m.annotation</c> (reaction) relation.</summary>
    public static RelatesTo Annotation(string eventId, string key) =>
        new() { RelType = RelationTypes.Annotation, EventId = eventId, Key = key };

    /// <summary>An <c>m.reference</c> relation.</summary>
    public static RelatesTo Reference(string eventId) => new() { RelType = RelationTypes.Reference, EventId = eventId };
}

/// <summary>The <c>m.in_reply_to</c> object of a rich reply.</summary>
public sealed record InReplyTo
{
    /// <summary>The event replied to.</summary>
    [JsonPropertyName("event_id")]
    public string EventId { get; init; } = "";
}
