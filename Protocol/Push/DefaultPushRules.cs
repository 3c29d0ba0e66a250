using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Push;

/// <summary>The specification's predefined push rules, as every user starts with them.</summary>
public static class DefaultPushRules
{
    private const string UserPlaceholder = "[the user's Matrix ID]";
    private static readonly string Template = ReadTemplate();

    /// <summary>The default ruleset (override, content, room, sender, underride) for <paramref name="user"/>.</summary>
    public static JsonElement For(UserId user)
    {
        var escaped = JsonSerializer.Serialize(user.Value)[1..^1];
        return JsonDocument.Parse(Template.Replace(UserPlaceholder, escaped, StringComparison.Ordinal)).RootElement.Clone();
    }

    /// <summary>The default ruleset for <paramref name="user"/>, ready to evaluate or change.</summary>
    public static PushRuleset RulesetFor(UserId user) => PushRuleset.Parse(For(user));

    private static string ReadTemplate()
    {
        using var stream = typeof(DefaultPushRules).Assembly.GetManifestResourceStream("Tangle.DefaultPushRules.json")
            ?? throw new InvalidOperationException("the default push rules are not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
