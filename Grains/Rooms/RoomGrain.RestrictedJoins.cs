using System.Text.Json;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    private bool GuestsMayJoin => _replica.StateEvent("m.room.guest_access", "")?.ContentString("guest_access") == "can_join";

    /// <summary>
    /// For a join to a restricted room by someone not invited: checks the allow list (membership of
    /// one of the listed rooms, as this server knows it) and names a local member who may invite as
    /// the authoriser. Null when the room is not restricted; M_FORBIDDEN when no condition is met.
    /// </summary>
    private async Task<string?> AuthoriseRestrictedJoinAsync(UserId joiner)
    {
        var version = _replica.Version;
        var joinRules = _replica.StateEvent(EventTypes.JoinRules, "");
        var rule = joinRules?.ContentString("join_rule");
        var restricted = (version.SupportsRestrictedJoins && rule == JoinRule.Restricted)
            || (version.SupportsKnockRestricted && rule == JoinRule.KnockRestricted);
        if (!restricted)
            return null;

        if (!await MeetsAllowConditionAsync(joinRules!.Content, joiner))
            throw new MatrixException(ErrCode.Forbidden, "you are not a member of any room that this room allows", 403);

        var levels = _replica.PowerLevels;
        var authoriser = _localMembers
            .Where(m => m.Value == Membership.Join && levels.UserLevel(m.Key) >= levels.Invite)
            .OrderByDescending(m => levels.UserLevel(m.Key)).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => m.Key).FirstOrDefault();
        return authoriser ?? throw new MatrixException(ErrCode.UnableToAuthoriseJoin, "no one on this server can authorise the join", 400);
    }

    private async Task<bool> MeetsAllowConditionAsync(JsonElement joinRulesContent, UserId joiner)
    {
        if (!joinRulesContent.TryGetProperty("allow", out var allow) || allow.ValueKind != JsonValueKind.Array)
            return false;
        foreach (var condition in allow.EnumerateArray())
        {
            if (condition.ValueKind != JsonValueKind.Object
                || !condition.TryGetProperty("type", out var type) || type.GetString() != "m.room_membership"
                || !condition.TryGetProperty("room_id", out var roomId) || roomId.ValueKind != JsonValueKind.String
                || RoomId.Parse(roomId.GetString()) is not { IsOk: true } allowed)
                continue;
            var other = GrainFactory.Room(_server, allowed.Value);
            if (await other.ExistsAsync() && await other.GetMembershipAsync(joiner) == Membership.Join)
                return true;
        }

        return false;
    }
}
