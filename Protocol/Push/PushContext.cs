namespace Tangle.Protocol.Push;

/// <summary>What evaluating a user's push rules against an event needs besides the event.</summary>
public sealed record PushContext
{
    /// <summary>The level a notification key needs when the power levels do not name it ("room" defaults to 50).</summary>
    public const long DefaultNotificationLevel = 50;

    /// <summary>The user whose rules these are; their own events never notify them.</summary>
    public required string UserId { get; init; }

    /// <summary>The user's display name in the room, for contains_display_name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The number of joined members of the room, for room_member_count.</summary>
    public long MemberCount { get; init; }

    /// <summary>The sender's power level in the room, for sender_notification_permission.</summary>
    public long SenderPowerLevel { get; init; }

    /// <summary>The power level each notification key needs (the power levels' "notifications").</summary>
    public IReadOnlyDictionary<string, long> NotificationPowerLevels { get; init; } = new Dictionary<string, long>();

    /// <summary>The level needed to trigger notifications of <paramref name="key"/>.</summary>
    public long NotificationLevel(string key) =>
        NotificationPowerLevels.TryGetValue(key, out var level) ? level : DefaultNotificationLevel;
}
