namespace Tangle.Grains.Presence;

/// <summary>When presence changes by itself.</summary>
/// <param name="OfflineAfter">How long after its last sync (or presence update) a user goes offline.</param>
/// <param name="IdleAfter">How long after their last activity an online user goes unavailable.</param>
public sealed record PresenceTimeouts(TimeSpan OfflineAfter, TimeSpan IdleAfter)
{
    public static PresenceTimeouts Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
}
