using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>
/// What every event has: a type and a content object, kept as raw JSON. Fields this SDK does not model
/// are kept in <see cref="AdditionalProperties"/>, so nothing a server sends is lost.
/// </summary>
public abstract class MatrixEvent
{
    /// <summary>The event type, e.g. <c>m.room.message</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    /// <summary>The event content, raw; see <see cref="ContentAs{T}"/> and the typed helpers.</summary>
    [JsonPropertyName("content")]
    public JsonElement Content { get; init; } = MatrixJson.EmptyObject;

    /// <summary>Every top-level field not modelled by the event class, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>The content deserialised as <typeparamref name="T"/> (a content record or any model).</summary>
    public T ContentAs<T>() => MatrixJson.Deserialize<T>(Content);

    /// <summary>A string field of the content, or <c>null</c> when absent or not a string.</summary>
    public string? ContentString(string name) =>
        Content.ValueKind == JsonValueKind.Object && Content.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The content's <c>body</c> (messages and stickers).</summary>
    [JsonIgnore]
    public string? Body => ContentString("body");

    /// <summary>The content's <c>msgtype</c> (messages).</summary>
    [JsonIgnore]
    public string? MsgType => ContentString("msgtype");

    /// <summary>The content's <c>membership</c>, for <c>m.room.member</c> events only.</summary>
    [JsonIgnore]
    public string? Membership => Type == EventTypes.Member ? ContentString("membership") : null;

    /// <summary>The content as <see cref="MessageContent"/>, for <c>m.room.message</c> events only.</summary>
    public MessageContent? AsMessage() => Type == EventTypes.Message ? ContentAs<MessageContent>() : null;

    /// <summary>The content as <see cref="MemberContent"/>, for <c>m.room.member</c> events only.</summary>
    public MemberContent? AsMember() => Type == EventTypes.Member ? ContentAs<MemberContent>() : null;

    /// <summary>The content's <c>m.relates_to</c>, when it has one.</summary>
    public RelatesTo? GetRelatesTo() =>
        Content.ValueKind == JsonValueKind.Object && Content.TryGetProperty("m.relates_to", out var relation)
            && relation.ValueKind == JsonValueKind.Object
            ? MatrixJson.Deserialize<RelatesTo>(relation)
            : null;

    /// <summary>The event serialised back to JSON, unknown fields included.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, GetType(), MatrixJson.Options);
}
