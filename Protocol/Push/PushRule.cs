using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>One push rule: its id, whether it is a server default, enabled, its conditions or pattern, and actions.</summary>
public sealed record PushRule
{
    public required string RuleId { get; init; }

    /// <summary>Whether this is a server-default rule (its id starts with a dot).</summary>
    public bool Default { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>For override and underride rules; null when the rule has no conditions key.</summary>
    public IReadOnlyList<PushCondition>? Conditions { get; init; }

    /// <summary>For content rules: the glob matched against words of content.body.</summary>
    public string? Pattern { get; init; }

    /// <summary>The actions as given (historical ones included; evaluation ignores them).</summary>
    public IReadOnlyList<JsonElement> Actions { get; init; } = [];

    /// <summary>Reads a stored or default rule leniently; null without a string rule_id.</summary>
    public static PushRule? From(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("rule_id", out var id) || id.ValueKind != JsonValueKind.String)
            return null;
        return new PushRule
        {
            RuleId = id.GetString()!,
            Default = json.TryGetProperty("default", out var isDefault) && isDefault.ValueKind == JsonValueKind.True,
            Enabled = !json.TryGetProperty("enabled", out var enabled) || enabled.ValueKind != JsonValueKind.False,
            Conditions = json.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
                ? conditions.EnumerateArray().Select(PushCondition.From).OfType<PushCondition>().ToList()
                : null,
            Pattern = json.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String ? pattern.GetString() : null,
            Actions = json.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array
                ? actions.EnumerateArray().Select(a => a.Clone()).ToList()
                : [],
        };
    }

    /// <summary>Writes the rule in the specification's PushRule shape.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("rule_id", RuleId);
        writer.WriteBoolean("default", Default);
        writer.WriteBoolean("enabled", Enabled);
        if (Pattern is not null)
            writer.WriteString("pattern", Pattern);
        if (Conditions is not null)
        {
            writer.WriteStartArray("conditions");
            foreach (var condition in Conditions)
                condition.Json.WriteTo(writer);
            writer.WriteEndArray();
        }

        WriteActions(writer, Actions);
        writer.WriteEndObject();
    }

    /// <summary>Writes an "actions" array property.</summary>
    public static void WriteActions(Utf8JsonWriter writer, IReadOnlyList<JsonElement> actions)
    {
        writer.WriteStartArray("actions");
        foreach (var action in actions)
            action.WriteTo(writer);
        writer.WriteEndArray();
    }

    /// <summary>The rule as a JSON element.</summary>
    public JsonElement ToJson() => JsonWriting.ToElement(WriteTo);
}
