using Microsoft.Extensions.Logging;
using Tangle.Grains.UserDirectory;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    /// <summary>
    /// Tells the user directory what it tracks of this room: a local user's joining or leaving, and
    /// whether the room's members are visible to all (public join rule or world-readable history).
    /// The event is persisted already, so a directory failure is logged rather than refused.
    /// </summary>
    private async Task NoteForUserDirectoryAsync(Pdu pdu, string? membershipBefore)
    {
        if (pdu.StateKey is not { } stateKey)
            return;
        try
        {
            var directory = GrainFactory.GetGrain<IUserDirectoryGrain>(_server.Value);
            if (pdu.Type == EventTypes.Member && membershipBefore != pdu.Membership
                && (membershipBefore == Membership.Join || pdu.Membership == Membership.Join) && _localMembers.ContainsKey(stateKey))
                await directory.SetMembershipAsync(_roomId, UserId.From(stateKey), pdu.Membership == Membership.Join);
            else if (pdu.Type is EventTypes.JoinRules or EventTypes.HistoryVisibility && stateKey.Length == 0)
                await directory.SetRoomVisibilityAsync(_roomId, MembersVisibleToAll());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDirectoryUpdateFailed(e, pdu.EventId.Value);
        }
    }

    private bool MembersVisibleToAll() =>
        _replica.StateEvent(EventTypes.JoinRules, "")?.ContentString("join_rule") == "public"
        || _replica.StateEvent(EventTypes.HistoryVisibility, "")?.ContentString("history_visibility") == HistoryVisibility.WorldReadable;

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not update the user directory for {EventId}")]
    private partial void LogDirectoryUpdateFailed(Exception exception, string eventId);
}
