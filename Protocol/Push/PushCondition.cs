using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>
/// One condition of an override or underride rule, as given. Parameters of the wrong JSON type read
/// as absent, so a malformed condition simply never matches.
/// </summary>
public sealed class PushCondition
{
    public const string EventMatch = "event_match";
    public const string EventPropertyIs = "event_property_is";
    public const string EventPropertyContains = "event_property_contains";
    public const string ContainsDisplayName = "contains_display_name";
    public const string RoomMemberCount = "room_member_count";
    public const string SenderNotificationPermission = "sender_notification_permission";

    private PushCondition(JsonElement json)
    {
        Json = json;
        Kind = StringOf(json, "kind");
        Key = StringOf(json, "key");
        Pattern = StringOf(json, "pattern");
        Is = StringOf(json, "is");
        Value = json.TryGetProperty("value", out var value) ? value.Clone() : null;
    }

    /// <summary>The condition as stored and returned to clients.</summary>
    public JsonElement Json { get; }

    public string? Kind { get; }

    public string? Key { get; }

    public string? Pattern { get; }

    public string? Is { get; }

    /// <summary>The value of event_property_is and event_property_contains (JSON null is a value; absent is null).</summary>
    public JsonElement? Value { get; }

    /// <summary>Reads a condition; null when it is not a JSON object.</summary>
    public static PushCondition? From(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object ? new PushCondition(json.Clone()) : null;

    private static string? StringOf(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
