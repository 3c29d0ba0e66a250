using Orleans.Concurrency;
using Tangle.Grains.Sync;

namespace Tangle.Grains.Presence;

/// <summary>The presence values of the specification.</summary>
public static class PresenceValues
{
    public const string Online = "online";
    public const string Unavailable = "unavailable";
    public const string Offline = "offline";

    public static bool IsValid(string? presence) => presence is Online or Unavailable or Offline;
}

/// <summary>
/// A local user's presence (key: user id): online, unavailable or offline, a status message, and when
/// the user was last active. Syncing clients keep the user online; without syncs the user goes
/// offline, and without activity online users go unavailable. Changes are announced to the user's
/// inbox and to the inboxes of local users who share a room with them.
/// </summary>
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>The user's presence now.</summary>
    Task<PresenceState> GetAsync();

    /// <summary>PUT /presence: sets the state and status message (null clears it); counts as activity.</summary>
    Task SetAsync(string presence, string? statusMessage);

    /// <summary>
    /// A /sync started with its set_presence (null means online). Returns whether the sync keeps the
    /// user connected (not for "offline"); if so, <see cref="SyncEndedAsync"/> must follow.
    /// </summary>
    Task<bool> SyncStartedAsync(string? setPresence);

    /// <summary>A sync that keeps the user connected ended; the offline countdown starts when none is left.</summary>
    [OneWay]
    Task SyncEndedAsync();

    /// <summary>The user did something pro-active (sent an event): last active now, and online.</summary>
    [OneWay]
    Task BumpActiveAsync();
}
