using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>
/// An event with just a type and content (and optionally a sender): account data, ephemeral events
/// (typing, receipts) and presence.
/// </summary>
public sealed class BasicEvent : MatrixEvent
{
    /// <summary>The sender, present on presence events.</summary>
    [JsonPropertyName("sender")]
    public string? Sender { get; init; }

    /// <inheritdoc />
    public override string ToString() => Sender is null ? Type : $"{Type} from {Sender}";
}
