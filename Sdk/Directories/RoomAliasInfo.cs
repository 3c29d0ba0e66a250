using System.Text.Json.Serialization;

namespace Tangle.Sdk.Directories;

/// <summary>The response of <c>GET /directory/room/{roomAlias}</c>: where an alias points.</summary>
public sealed record RoomAliasInfo
{
    /// <summary>The room the alias maps to.</summary>
    [JsonPropertyName("room_id")]
    public string RoomId { get; init; } = "";

    /// <summary>Servers that know the room, to join through.</summary>
    [JsonPropertyName("servers")]
    public IReadOnlyList<string> Servers { get; init; } = [];
}

/// <summary>The response of <c>GET /rooms/{roomId}/aliases</c>.</summary>
internal sealed record RoomAliasesResponse
{
    [JsonPropertyName("aliases")]
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>The body and response of <c>/directory/list/room/{roomId}</c>.</summary>
internal sealed record RoomDirectoryVisibility
{
    [JsonPropertyName("visibility")]
    public Rooms.RoomVisibility Visibility { get; init; }
}
