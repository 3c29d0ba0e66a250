using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>A stripped state event, as given in invite and knock state: type, state key, sender and content.</summary>
public sealed class StrippedStateEvent : MatrixEvent
{
    /// <summary>The state key.</summary>
    [JsonPropertyName("state_key")]
    public string StateKey { get; init; } = "";

    /// <summary>The user who sent the event.</summary>
    [JsonPropertyName("sender")]
    public string Sender { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{Type} [{StateKey}] from {Sender}";
}
