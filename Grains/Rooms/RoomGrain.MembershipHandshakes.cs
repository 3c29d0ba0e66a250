using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// What make_join, make_leave and make_knock (and their send_ halves) share, on both sides: the resident
/// server offers a template it has checked, the other server fills it in and signs it, and the resident server
/// verifies the signed membership event before taking it in.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>
    /// The template of a membership event for a remote user on the forward extremities. The remote server signs
    /// it, but whether the event would be allowed is known now: refuse early rather than at the send_ step.
    /// </summary>
    private MembershipTemplate OfferTemplate(UserId user, JsonObject content)
    {
        var proto = _replica.Prepare(_roomId, user, EventTypes.Member, user.Value, JsonSerializer.SerializeToElement(content),
            time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!proto.HashAndSign(_server, Homeserver.SigningKey).TryGetValue(out var trial, out var error))
            throw MatrixException.BadJson(error.Message);
        var check = AuthRules.Check(trial, _replica.AuthState);
        if (!check.IsAllowed)
            throw MatrixException.Forbidden(check.Reason ?? $"the {content["membership"]} is not allowed");
        return new MembershipTemplate(_replica.Version.Id, proto.ToTemplate());
    }

    /// <summary>Verifies a membership event a remote server signed for the send_ step: its own user's, about itself, in this room.</summary>
    private async Task<Pdu> VerifyOfferedMembershipAsync(ServerName origin, JsonElement json, string membership)
    {
        if (!(await verifier.VerifyAsync(json, _replica.Version)).TryGetValue(out var pdu, out var error))
            throw MatrixException.BadJson(error.Message);
        if (pdu.RoomId != _roomId || pdu.Type != EventTypes.Member || pdu.Membership != membership
            || pdu.StateKey != pdu.Sender.Value || pdu.Sender.Server != origin)
            throw MatrixException.BadJson($"send_{membership} takes a {membership} of a user of the sending server in this room");
        return pdu;
    }

    /// <summary>
    /// Fills in the template a resident server offered (in <paramref name="answer"/>'s event) for <paramref name="user"/>,
    /// with the profile and reason given, and signs it as this server.
    /// </summary>
    private Pdu SignOfferedTemplate(JsonElement answer, RoomVersion version, UserId user, string membership, ServerName via,
        string? displayName, string? avatarUrl, string? reason)
    {
        if (!answer.TryGetProperty("event", out var offered)
            || !EventTemplate.Read(offered, version, _roomId, user, membership).TryGetValue(out var proto, out _))
            throw new MatrixException(ErrCode.Unknown, $"{via} offered no usable {membership} template", 502);
        var content = JsonObject.Create(proto.Content)!;
        SetOrRemove(content, "displayname", displayName);
        SetOrRemove(content, "avatar_url", avatarUrl);
        SetOrRemove(content, "reason", reason);
        var signed = (proto with { Content = JsonSerializer.SerializeToElement(content), OriginServerTs = time.GetUtcNow().ToUnixTimeMilliseconds() })
            .HashAndSign(_server, Homeserver.SigningKey);
        return signed.TryGetValue(out var pdu, out var error) ? pdu : throw MatrixException.BadJson(error.Message);
    }

    private static void SetOrRemove(JsonObject content, string name, string? value)
    {
        if (value is null)
            content.Remove(name);
        else
            content[name] = value;
    }
}
