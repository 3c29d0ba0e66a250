namespace Tangle.Protocol.Push;

/// <summary>The kinds of push rule, declared in the order they are checked.</summary>
public enum PushRuleKind
{
    Override,
    Content,
    Room,
    Sender,
    Underride,
}

/// <summary>The kinds' names on the wire.</summary>
public static class PushRuleKinds
{
    /// <summary>Every kind, most important first.</summary>
    public static IReadOnlyList<PushRuleKind> InPriorityOrder { get; } =
        [PushRuleKind.Override, PushRuleKind.Content, PushRuleKind.Room, PushRuleKind.Sender, PushRuleKind.Underride];

    public static string Name(this PushRuleKind kind) => kind switch
    {
        PushRuleKind.Override => "override",
        PushRuleKind.Content => "content",
        PushRuleKind.Room => "room",
        PushRuleKind.Sender => "sender",
        PushRuleKind.Underride => "underride",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? name, out PushRuleKind kind)
    {
        foreach (var candidate in InPriorityOrder)
        {
            if (candidate.Name() == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Whether rules of this kind carry a list of conditions (the others have predefined ones).</summary>
    public static bool HasConditions(this PushRuleKind kind) => kind is PushRuleKind.Override or PushRuleKind.Underride;
}
