using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>The content of <c>m.room.name</c>.</summary>
public sealed record RoomNameContent
{
    /// <summary>The room's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";
}

/// <summary>The content of <c>m.room.topic</c>.</summary>
public sealed record RoomTopicContent
{
    /// <summary>The room's topic in plain text.</summary>
    [JsonPropertyName("topic")]
    public string Topic { get; init; } = "";

    /// <summary>Every other field (e.g. <c>m.topic</c> rich text), raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The content of <c>m.room.canonical_alias</c>.</summary>
public sealed record CanonicalAliasContent
{
    /// <summary>The canonical alias.</summary>
    [JsonPropertyName("alias")]
    public string? Alias { get; init; }

    /// <summary>Alternative aliases the room advertises.</summary>
    [JsonPropertyName("alt_aliases")]
    public IReadOnlyList<string>? AltAliases { get; init; }
}

/// <summary>The content of <c>m.room.join_rules</c>.</summary>
public sealed record JoinRulesContent
{
    /// <summary>The join rule: public, invite, knock, restricted, knock_restricted or private.</summary>
    [JsonPropertyName("join_rule")]
    public string JoinRule { get; init; } = "";

    /// <summary>For restricted rules: the conditions that allow a join.</summary>
    [JsonPropertyName("allow")]
    public IReadOnlyList<JsonElement>? Allow { get; init; }
}

/// <summary>The content of <c>m.room.history_visibility</c>.</summary>
public sealed record HistoryVisibilityContent
{
    /// <summary>Who can see history: invited, joined, shared or world_readable.</summary>
    [JsonPropertyName("history_visibility")]
    public string HistoryVisibility { get; init; } = "";
}

/// <summary>The content of <c>m.room.encryption</c>.</summary>
public sealed record EncryptionContent
{
    /// <summary>The encryption algorithm, normally <c>m.megolm.v1.aes-sha2</c>.</summary>
    [JsonPropertyName("algorithm")]
    public string Algorithm { get; init; } = "m.megolm.v1.aes-sha2";

    /// <summary>How long a session is used before rotation, in milliseconds.</summary>
    [JsonPropertyName("rotation_period_ms")]
    public long? RotationPeriodMs { get; init; }

    /// <summary>How many messages a session is used for before rotation.</summary>
    [JsonPropertyName("rotation_period_msgs")]
    public long? RotationPeriodMsgs { get; init; }
}

/// <summary>The content of <c>m.room.create</c>.</summary>
public sealed record CreateContent
{
    /// <summary>The room creator; only in room versions before 11.</summary>
    [JsonPropertyName("creator")]
    public string? Creator { get; init; }

    /// <summary>The room version; <c>1</c> when absent.</summary>
    [JsonPropertyName("room_version")]
    public string? RoomVersion { get; init; }

    /// <summary>The room type, e.g. <c>m.space</c>.</summary>
    [JsonPropertyName("type")]
    public string? RoomType { get; init; }

    /// <summary>Whether users on other servers can join; <c>true</c> when absent.</summary>
    [JsonPropertyName("m.federate")]
    public bool? Federate { get; init; }

    /// <summary>Room version 12: additional creators, who hold infinite power.</summary>
    [JsonPropertyName("additional_creators")]
    public IReadOnlyList<string>? AdditionalCreators { get; init; }

    /// <summary>The room this one replaces, after an upgrade.</summary>
    [JsonPropertyName("predecessor")]
    public JsonElement? Predecessor { get; init; }
}

/// <summary>The content of <c>m.room.power_levels</c>.</summary>
public sealed record PowerLevelsContent
{
    /// <summary>The level needed to ban.</summary>
    [JsonPropertyName("ban")]
    public long? Ban { get; init; }

    /// <summary>The level needed to send each event type.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyDictionary<string, long>? Events { get; init; }

    /// <summary>The default level to send message events.</summary>
    [JsonPropertyName("events_default")]
    public long? EventsDefault { get; init; }

    /// <summary>The level needed to invite.</summary>
    [JsonPropertyName("invite")]
    public long? Invite { get; init; }

    /// <summary>The level needed to kick.</summary>
    [JsonPropertyName("kick")]
    public long? Kick { get; init; }

    /// <summary>The level needed to redact others' events.</summary>
    [JsonPropertyName("redact")]
    public long? Redact { get; init; }

    /// <summary>The default level to send state events.</summary>
    [JsonPropertyName("state_default")]
    public long? StateDefault { get; init; }

    /// <summary>Each user's level.</summary>
    [JsonPropertyName("users")]
    public IReadOnlyDictionary<string, long>? Users { get; init; }

    /// <summary>The level of users not in <see cref="Users"/>.</summary>
    [JsonPropertyName("users_default")]
    public long? UsersDefault { get; init; }

    /// <summary>Levels needed for notification types, e.g. <c>room</c>.</summary>
    [JsonPropertyName("notifications")]
    public IReadOnlyDictionary<string, long>? Notifications { get; init; }

    /// <summary>
    /// Every other field (e.g. <c>historical</c>), raw, so that reading the levels, changing one and
    /// sending them back keeps the rest.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>A user's level as the spec computes it from this content (ignoring v12 creators).</summary>
    public long UserLevel(string userId) =>
        Users is not null && Users.TryGetValue(userId, out var level) ? level : UsersDefault ?? 0;
}

/// <summary>The content of <c>m.reaction</c>.</summary>
public sealed record ReactionContent
{
    /// <summary>The annotation: the event reacted to and the reaction key.</summary>
    [JsonPropertyName("m.relates_to")]
    public RelatesTo RelatesTo { get; init; } = new();

    /// <summary>A reaction with <paramref name="key"/> to <paramref name="eventId"/>.</summary>
    public static ReactionContent To(string eventId, string key) => new() { RelatesTo = RelatesTo.Annotation(eventId, key) };
}
