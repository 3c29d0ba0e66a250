using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>A send-to-device message, as received in <c>/sync</c>'s <c>to_device</c>.</summary>
public sealed class ToDeviceEvent : MatrixEvent
{
    /// <summary>The user who sent the message.</summary>
    [JsonPropertyName("sender")]
    public string Sender { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() => $"{Type} from {Sender}";
}
