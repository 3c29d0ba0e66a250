using System.Text.Json.Serialization;

namespace Tangle.Sdk.Rooms;

/// <summary>The body of <c>POST /_matrix/client/v3/createRoom</c>.</summary>
public sealed record CreateRoomRequest
{
    /// <summary>Whether the room is published in the server's room directory. Default private.</summary>
    [JsonPropertyName("visibility")]
    public RoomVisibility? Visibility { get; init; }

    /// <summary>The localpart of an alias to create for the room, e.g. <c>foo</c> for <c>#foo:server</c>.</summary>
    [JsonPropertyName("room_alias_name")]
    public string? RoomAliasName { get; init; }

    /// <summary>The room's name (an <c>m.room.name</c> event).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The room's topic (an <c>m.room.topic</c> event).</summary>
    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    /// <summary>Users to invite.</summary>
    [JsonPropertyName("invite")]
    public IReadOnlyList<string>? Invite { get; init; }

    /// <summary>Third-party identifiers to invite, raw (<c>{id_server, id_access_token, medium, address}</c>).</summary>
    [JsonPropertyName("invite_3pid")]
    public IReadOnlyList<object>? Invite3Pid { get; init; }

    /// <summary>The room version; the server's default when omitted.</summary>
    [JsonPropertyName("room_version")]
    public string? RoomVersion { get; init; }

    /// <summary>Extra keys for the <c>m.room.create</c> content, e.g. <c>{"type": "m.space"}</c>.</summary>
    [JsonPropertyName("creation_content")]
    public object? CreationContent { get; init; }

    /// <summary>State events to send after the preset's, overriding them.</summary>
    [JsonPropertyName("initial_state")]
    public IReadOnlyList<InitialStateEvent>? InitialState { get; init; }

    /// <summary>A preset of join rules, history visibility and guest access.</summary>
    [JsonPropertyName("preset")]
    public RoomPreset? Preset { get; init; }

    /// <summary>Marks the invites in <see cref="Invite"/> as direct chats.</summary>
    [JsonPropertyName("is_direct")]
    public bool? IsDirect { get; init; }

    /// <summary>Keys overriding the default <c>m.room.power_levels</c> content.</summary>
    [JsonPropertyName("power_level_content_override")]
    public object? PowerLevelContentOverride { get; init; }
}

/// <summary>A state event in <see cref="CreateRoomRequest.InitialState"/>.</summary>
/// <param name="Type">The event type.</param>
/// <param name="StateKey">The state key; empty by default.</param>
/// <param name="Content">The event content: any object that serialises to JSON.</param>
public sealed record InitialStateEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("state_key")] string StateKey,
    [property: JsonPropertyName("content")] object Content);

/// <summary>The <c>preset</c> of <c>createRoom</c>.</summary>
public enum RoomPreset
{
    /// <summary>Invite-only, history shared, guests can join.</summary>
    [JsonStringEnumMemberName("private_chat")]
    PrivateChat,

    /// <summary>Like <see cref="PrivateChat"/>, and every invitee gets the creator's power level.</summary>
    [JsonStringEnumMemberName("trusted_private_chat")]
    TrustedPrivateChat,

    /// <summary>Public join rule, history shared, guests forbidden.</summary>
    [JsonStringEnumMemberName("public_chat")]
    PublicChat,
}

/// <summary>Whether a room is listed in the server's public room directory.</summary>
public enum RoomVisibility
{
    /// <summary>Listed.</summary>
    [JsonStringEnumMemberName("public")]
    Public,

    /// <summary>Not listed.</summary>
    [JsonStringEnumMemberName("private")]
    Private,
}

/// <summary>The response of <c>createRoom</c>, <c>join</c> and <c>knock</c>.</summary>
internal sealed record RoomIdResponse
{
    [JsonPropertyName("room_id")]
    public string RoomId { get; init; } = "";
}

/// <summary>The response of sending, redacting or setting state.</summary>
internal sealed record EventIdResponse
{
    [JsonPropertyName("event_id")]
    public string EventId { get; init; } = "";
}
