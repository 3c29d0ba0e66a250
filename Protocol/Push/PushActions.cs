using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>What a matching rule's actions ask for: a notification, a highlight, a sound.</summary>
/// <param name="Notify">Whether the event generates a notification.</param>
/// <param name="Highlight">The highlight tweak: true when given without a value or with true.</param>
/// <param name="Sound">The sound tweak's value, if any.</param>
/// <param name="Actions">The actions, with the historical dont_notify and coalesce stripped.</param>
public sealed record PushActions(bool Notify, bool Highlight, string? Sound, IReadOnlyList<JsonElement> Actions)
{
    /// <summary>No notification.</summary>
    public static PushActions None { get; } = new(false, false, null, []);

    /// <summary>Whether an action is one the specification retired (clients and servers must ignore them).</summary>
    public static bool IsHistorical(JsonElement action) =>
        action.ValueKind == JsonValueKind.String && action.GetString() is "dont_notify" or "coalesce";

    public static PushActions From(IReadOnlyList<JsonElement> actions)
    {
        var kept = actions.Where(a => !IsHistorical(a)).ToList();
        var notify = false;
        var highlight = false;
        string? sound = null;
        foreach (var action in kept)
        {
            if (action.ValueKind == JsonValueKind.String && action.GetString() == "notify")
                notify = true;
            if (action.ValueKind != JsonValueKind.Object || !action.TryGetProperty("set_tweak", out var tweak) || tweak.ValueKind != JsonValueKind.String)
                continue;
            var hasValue = action.TryGetProperty("value", out var value);
            switch (tweak.GetString())
            {
                case "highlight":
                    highlight = !hasValue || value.ValueKind == JsonValueKind.True;
                    break;
                case "sound" when hasValue && value.ValueKind == JsonValueKind.String:
                    sound = value.GetString();
                    break;
            }
        }

        return new PushActions(notify, highlight, sound, kept);
    }
}
