using System.Text.Json.Serialization;

namespace Tangle.Sdk.Sync;

/// <summary>The <c>rooms</c> section of <c>/sync</c>: room ID to update, by the user's membership.</summary>
public sealed record RoomsUpdate
{
    /// <summary>Rooms the user has joined.</summary>
    [JsonPropertyName("join")]
    public IReadOnlyDictionary<string, JoinedRoom> Join { get; init; } = new Dictionary<string, JoinedRoom>();

    /// <summary>Rooms the user is invited to.</summary>
    [JsonPropertyName("invite")]
    public IReadOnlyDictionary<string, InvitedRoom> Invite { get; init; } = new Dictionary<string, InvitedRoom>();

    /// <summary>Rooms the user has left or been banned from.</summary>
    [JsonPropertyName("leave")]
    public IReadOnlyDictionary<string, LeftRoom> Leave { get; init; } = new Dictionary<string, LeftRoom>();

    /// <summary>Rooms the user has knocked on.</summary>
    [JsonPropertyName("knock")]
    public IReadOnlyDictionary<string, KnockedRoom> Knock { get; init; } = new Dictionary<string, KnockedRoom>();
}
