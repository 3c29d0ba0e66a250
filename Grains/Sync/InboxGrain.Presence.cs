using Tangle.Grains.Presence;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Sync;

public sealed partial class InboxGrain
{
    /// <summary>The most users whose presence an initial sync reports.</summary>
    private const int MaxInitialPresence = 500;

    public Task NotifyPresenceAsync(UserId user) =>
        AppendAsync(new InboxEntry(0, InboxEntryKind.Presence, Data: user.Value));

    /// <summary>
    /// The presence section: initially the user's own and that of local users sharing a joined room
    /// with them, leaving out those offline; afterwards that of users whose presence changed since the token.
    /// </summary>
    private async Task<IReadOnlyList<PresenceState>> PresenceAsync(SyncQuery query, SyncToken? since, IReadOnlyList<InboxEntry> entries)
    {
        var filter = query.Filter.Presence;
        if (!Wanted(filter.Types, filter.NotTypes, "m.presence") || filter.Limit == 0)
            return [];
        IEnumerable<string> users = since is null
            ? await RoomMatesAsync()
            : entries.Where(e => e.Kind == InboxEntryKind.Presence).Select(e => e.Data!).Distinct(StringComparer.Ordinal);
        users = users.Where(u => (filter.Senders is null || filter.Senders.Contains(u)) && !filter.NotSenders.Contains(u));
        var states = await Task.WhenAll(users.Select(u => GrainFactory.GetGrain<IPresenceGrain>(u).GetAsync()));
        IEnumerable<PresenceState> result = since is null ? states.Where(s => s.Presence != PresenceValues.Offline) : states;
        return result.Take(filter.Limit ?? int.MaxValue).ToList();
    }

    /// <summary>This user and the local users joined to a room this user is joined to.</summary>
    private async Task<IEnumerable<string>> RoomMatesAsync()
    {
        var members = await Task.WhenAll(_rooms.Values.Where(e => e.Membership == Membership.Join && e.Data != Forgotten)
            .Select(e => GrainFactory.Room(_user.Server, e.Room!).GetLocalJoinedMembersAsync()));
        return members.SelectMany(m => m).Select(u => u.Value).Prepend(_user.Value).Distinct(StringComparer.Ordinal).Take(MaxInitialPresence);
    }

    /// <summary>Whether a filter's types and not_types let an event type through ('*' matches any suffix).</summary>
    private static bool Wanted(IReadOnlyList<string>? types, IReadOnlyList<string> notTypes, string type)
    {
        static bool Matches(string pattern, string value) =>
            pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == value;
        return (types is null || types.Any(t => Matches(t, type))) && !notTypes.Any(t => Matches(t, type));
    }
}
