using Tangle.Protocol.Push;

namespace Tangle.Grains.Rooms;

/// <summary>
/// One user's unread counts in a room as last computed: valid while their read receipt and push
/// rules stay the same, and extended when the room moves past <paramref name="Upto"/>.
/// </summary>
/// <param name="ReadUpTo">The stream position of the user's read receipt the counts start after.</param>
/// <param name="RulesSerial">The push rules serial the counts were evaluated with.</param>
/// <param name="Upto">The stream position the counts reach.</param>
/// <param name="Notifications">Events whose actions notify.</param>
/// <param name="Highlights">Of those, events whose actions highlight.</param>
internal sealed record UnreadCounts(long ReadUpTo, long RulesSerial, long Upto, long Notifications, long Highlights)
{
    /// <summary>The most events one count looks at: beyond this many unread events the count stops growing from history.</summary>
    public const int MaxScanned = 1000;

    /// <summary>Events read from the store at a time.</summary>
    public const int Page = 100;
}

/// <summary>A user's push rules compiled for evaluation, and the serial they were read at.</summary>
internal sealed record CachedPushRules(long Serial, PushRuleEvaluator Evaluator);
