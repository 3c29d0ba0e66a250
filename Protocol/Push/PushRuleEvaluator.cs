using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>The rule that matched an event, and what its actions ask for.</summary>
public sealed record PushRuleMatch(PushRuleKind Kind, PushRule Rule, PushActions Actions);

/// <summary>
/// A user's ruleset prepared for evaluation: every enabled rule in priority order (override,
/// content, room, sender, underride), with its patterns compiled once. The first rule whose
/// conditions all hold decides the actions; unknown condition kinds never hold.
/// </summary>
public sealed class PushRuleEvaluator
{
    private readonly List<(PushRuleKind Kind, PushRule Rule, Func<JsonElement, PushContext, bool> Matches)> _rules = [];
    private DisplayNameGlob? _displayName;

    public PushRuleEvaluator(PushRuleset ruleset)
    {
        foreach (var (kind, rule) in ruleset.InPriorityOrder())
        {
            if (rule.Enabled)
                _rules.Add((kind, rule, Compile(kind, rule)));
        }
    }

    /// <summary>
    /// The first enabled rule that matches <paramref name="pdu"/> (an event in its federation or client
    /// format), or null when none does or the user sent the event.
    /// </summary>
    public PushRuleMatch? Evaluate(JsonElement pdu, PushContext context)
    {
        if (StringAt(pdu, "sender") == context.UserId)
            return null;
        foreach (var (kind, rule, matches) in _rules)
        {
            if (matches(pdu, context))
                return new PushRuleMatch(kind, rule, PushActions.From(rule.Actions));
        }

        return null;
    }

    /// <summary>The actions for an event: those of the matching rule, or none.</summary>
    public PushActions ActionsFor(JsonElement pdu, PushContext context) => Evaluate(pdu, context)?.Actions ?? PushActions.None;

    private Func<JsonElement, PushContext, bool> Compile(PushRuleKind kind, PushRule rule)
    {
        switch (kind)
        {
            case PushRuleKind.Content:
                if (rule.Pattern is null)
                    return Never;
                var body = Glob.Words(rule.Pattern);
                return (pdu, _) => StringAt(pdu, "content", "body") is { } text && body.IsMatch(text);
            case PushRuleKind.Room:
                return (pdu, _) => StringAt(pdu, "room_id") == rule.RuleId;
            case PushRuleKind.Sender:
                return (pdu, _) => StringAt(pdu, "sender") == rule.RuleId;
            default:
                var conditions = (rule.Conditions ?? []).Select(CompileCondition).ToList();
                return (pdu, context) => conditions.TrueForAll(condition => condition(pdu, context));
        }
    }

    private Func<JsonElement, PushContext, bool> CompileCondition(PushCondition condition)
    {
        switch (condition.Kind)
        {
            case PushCondition.EventMatch when condition is { Key: { } key, Pattern: { } pattern }:
                var path = PropertyPath.Split(key);
                var glob = key == "content.body" ? Glob.Words(pattern) : Glob.WholeValue(pattern);
                return (pdu, _) => PropertyPath.Resolve(pdu, path) is { ValueKind: JsonValueKind.String } value && glob.IsMatch(value.GetString()!);
            case PushCondition.EventPropertyIs when condition is { Key: { } key, Value: { } expected } && SimpleValues.IsSimple(expected):
                var isPath = PropertyPath.Split(key);
                return (pdu, _) => PropertyPath.Resolve(pdu, isPath) is { } value && SimpleValues.Equal(value, expected);
            case PushCondition.EventPropertyContains when condition is { Key: { } key, Value: { } expected } && SimpleValues.IsSimple(expected):
                var containsPath = PropertyPath.Split(key);
                return (pdu, _) => PropertyPath.Resolve(pdu, containsPath) is { ValueKind: JsonValueKind.Array } array
                    && array.EnumerateArray().Any(item => SimpleValues.Equal(item, expected));
            case PushCondition.ContainsDisplayName:
                return (pdu, context) => StringAt(pdu, "content", "body") is { } text && MentionsDisplayName(text, context.DisplayName);
            case PushCondition.RoomMemberCount when MemberCountTest.TryParse(condition.Is, out var test):
                return (_, context) => test.Holds(context.MemberCount);
            case PushCondition.SenderNotificationPermission when condition.Key is { } notificationKey:
                return (_, context) => context.SenderPowerLevel >= context.NotificationLevel(notificationKey);
            default:
                return Never;
        }
    }

    private bool MentionsDisplayName(string body, string? displayName)
    {
        if (string.IsNullOrEmpty(displayName))
            return false;
        // Display names rarely change, so the last one's compiled pattern is kept.
        var cached = _displayName;
        if (cached is null || cached.Name != displayName)
            _displayName = cached = new DisplayNameGlob(displayName, Glob.LiteralWords(displayName));
        return cached.Glob.IsMatch(body);
    }

    private static bool Never(JsonElement pdu, PushContext context) => false;

    private static string? StringAt(JsonElement json, params string[] path) =>
        PropertyPath.Resolve(json, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private sealed record DisplayNameGlob(string Name, Glob Glob);
}
