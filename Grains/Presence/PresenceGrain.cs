using Microsoft.Extensions.Logging;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Keys;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Presence;

/// <summary>
/// A local user's presence. A sync marks the user online (or as its set_presence says) and keeps them
/// connected while it runs; <see cref="PresenceTimeouts.OfflineAfter"/> after the last one ends they go
/// offline. An online user with no pro-active event for <see cref="PresenceTimeouts.IdleAfter"/> becomes
/// unavailable until they act again. While online the user is reported currently active, so changes of
/// the last active time alone are not announced.
/// </summary>
public sealed partial class PresenceGrain(
    [PersistentState("presence")] IPersistentState<PresenceRecord> state,
    PresenceTimeouts timeouts,
    LocalHomeservers homeservers,
    TimeProvider time,
    ILogger<PresenceGrain> logger) : Grain, IPresenceGrain
{
    private UserId _user = null!;
    private int _syncing;
    private IGrainTimer? _timer;

    private PresenceRecord Record => state.State;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A remote user's server reports their presence itself, so only a long silence takes them offline here.</summary>
    private static readonly TimeSpan RemoteOfflineAfter = TimeSpan.FromMinutes(30);

    private bool IsLocal => homeservers.IsLocal(_user.Server);

    private TimeSpan OfflineAfter => IsLocal ? timeouts.OfflineAfter : RemoteOfflineAfter;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _user = UserId.From(this.GetPrimaryKeyString());
        Schedule();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<PresenceState> GetAsync()
    {
        await ExpireAsync();
        return View();
    }

    public async Task SetAsync(string presence, string? statusMessage)
    {
        if (!PresenceValues.IsValid(presence))
            throw MatrixException.InvalidParam("presence must be online, unavailable or offline");
        var now = Now;
        var changed = Record.Presence != presence || Record.StatusMessage != statusMessage;
        Record.Presence = presence;
        Record.StatusMessage = statusMessage;
        Record.LastActiveTs = now;
        Record.LastSeenTs = now;
        Record.Idle = false;
        await SaveAsync(changed);
    }

    public async Task<bool> SyncStartedAsync(string? setPresence)
    {
        var presence = setPresence ?? PresenceValues.Online;
        if (!PresenceValues.IsValid(presence))
            throw MatrixException.InvalidParam("set_presence must be online, unavailable or offline");
        if (presence == PresenceValues.Offline)
            return false;
        _syncing++;
        var now = Now;
        Record.LastSeenTs = now;
        var changed = false;
        if (presence == PresenceValues.Online && Record.Presence != PresenceValues.Online && !Record.Idle)
        {
            // Coming online is pro-active; a client merely still syncing does not undo idleness.
            Record.Presence = PresenceValues.Online;
            Record.LastActiveTs = now;
            changed = true;
        }
        else if (presence == PresenceValues.Unavailable && Record.Presence != PresenceValues.Unavailable)
        {
            Record.Presence = PresenceValues.Unavailable;
            changed = true;
        }

        await SaveAsync(changed);
        return true;
    }

    public Task SyncEndedAsync()
    {
        _syncing = Math.Max(0, _syncing - 1);
        Record.LastSeenTs = Now;
        Schedule();
        return Task.CompletedTask;
    }

    public async Task BumpActiveAsync()
    {
        var now = Now;
        Record.LastActiveTs = now;
        Record.LastSeenTs = now;
        Record.Idle = false;
        if (Record.Presence == PresenceValues.Online)
        {
            // Currently active already: the new last active time needs no announcement.
            Schedule();
            return;
        }

        Record.Presence = PresenceValues.Online;
        await SaveAsync(changed: true);
    }

    private PresenceState View() => new(_user.Value, Record.Presence, Record.StatusMessage, Record.LastActiveTs,
        CurrentlyActive: Record.Presence == PresenceValues.Online);

    /// <summary>Applies the timeouts that have passed: offline without syncs, unavailable without activity.</summary>
    private async Task ExpireAsync()
    {
        var now = Now;
        if (Record.Presence != PresenceValues.Offline && _syncing == 0 && now - Record.LastSeenTs >= OfflineAfter.TotalMilliseconds)
        {
            Record.Presence = PresenceValues.Offline;
            Record.Idle = false;
            await SaveAsync(changed: true);
        }
        else if (IsLocal && Record.Presence == PresenceValues.Online && now - Record.LastActiveTs >= timeouts.IdleAfter.TotalMilliseconds)
        {
            Record.Presence = PresenceValues.Unavailable;
            Record.Idle = true;
            await SaveAsync(changed: true);
        }
        else
        {
            Schedule();
        }
    }

    /// <summary>Persists a visible change and announces it; either way re-arms the timer.</summary>
    private async Task SaveAsync(bool changed)
    {
        if (changed)
        {
            await state.WriteStateAsync();
            AnnounceAsync(View()).Ignore();
        }

        Schedule();
    }

    /// <summary>Arms one timer for the next timeout that can apply.</summary>
    private void Schedule()
    {
        _timer?.Dispose();
        _timer = null;
        long? due = null;
        if (Record.Presence != PresenceValues.Offline && _syncing == 0)
            due = Record.LastSeenTs + (long)OfflineAfter.TotalMilliseconds;
        if (IsLocal && Record.Presence == PresenceValues.Online)
        {
            var idle = Record.LastActiveTs + (long)timeouts.IdleAfter.TotalMilliseconds;
            due = due is { } offline ? Math.Min(offline, idle) : idle;
        }

        if (due is not { } at)
            return;
        var wait = TimeSpan.FromMilliseconds(Math.Max(0, at - Now));
        _timer = this.RegisterGrainTimer(_ => ExpireAsync(), new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>
    /// Tells the user's inbox and those of local users sharing a joined room with them; a local user's
    /// presence also goes to the other servers in those rooms as an m.presence EDU.
    /// </summary>
    private async Task AnnounceAsync(PresenceState presence)
    {
        try
        {
            var local = homeservers.IsLocal(_user.Server);
            var audience = new HashSet<string>(StringComparer.Ordinal);
            if (local)
                audience.Add(_user.Value);
            var replicas = local ? _user.Server : homeservers.Default.Name;
            var rooms = local
                ? (await GrainFactory.GetGrain<IInboxGrain>(_user.Value).GetRoomsAsync()).Where(r => r.Membership == Membership.Join).Select(r => r.Room)
                : await GrainFactory.GetGrain<IDeviceListGrain>(_user.Value).GetSharedRoomsAsync();
            var members = await Task.WhenAll(rooms.Select(r => GrainFactory.Room(replicas, r).GetLocalJoinedMembersAsync()));
            foreach (var member in members.SelectMany(m => m))
                audience.Add(member.Value);
            foreach (var user in audience)
                await GrainFactory.GetGrain<IInboxGrain>(user).NotifyPresenceAsync(_user);
            if (local)
                await GrainFactory.GetGrain<IDeviceListGrain>(_user.Value).SendToServersAsync("m.presence", PresenceEdu(presence));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAnnounceFailed(e, _user.Value, presence.Presence);
        }
    }

    private System.Text.Json.JsonElement PresenceEdu(PresenceState presence) => System.Text.Json.JsonSerializer.SerializeToElement(new
    {
        push = new[]
        {
            new
            {
                user_id = presence.UserId,
                presence = presence.Presence,
                status_msg = presence.StatusMessage,
                last_active_ago = Math.Max(0, Now - presence.LastActiveTs),
                currently_active = presence.CurrentlyActive,
            },
        },
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not announce the presence of {User} ({Presence})")]
    private partial void LogAnnounceFailed(Exception exception, string user, string presence);
}
