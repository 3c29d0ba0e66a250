using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Events;

/// <summary>Which servers must sign an event, and checking that they did.</summary>
public static class EventSignatures
{
    /// <summary>
    /// The servers whose signatures an event needs: the sender's; in rooms v1–v2 also the server in the
    /// event id; and, where the room version has restricted joins, the server of the user named by
    /// join_authorised_via_users_server.
    /// </summary>
    public static IReadOnlyList<string> RequiredSigners(Pdu pdu)
    {
        var servers = new List<string> { pdu.Sender.Server.Value };
        if (pdu.RoomVersion.HasEventIdInEvent && pdu.EventId.Server is { } idServer && !servers.Contains(idServer.Value))
            servers.Add(idServer.Value);
        if (AuthorisingServer(pdu) is { } authorising && !servers.Contains(authorising))
            servers.Add(authorising);
        return servers;
    }

    /// <summary>The server of join_authorised_via_users_server on a member event, where the version knows it.</summary>
    public static string? AuthorisingServer(Pdu pdu)
    {
        if (!pdu.RoomVersion.SupportsRestrictedJoins || pdu.Type != EventTypes.Member)
            return null;
        var via = pdu.ContentString("join_authorised_via_users_server");
        return via is not null && UserId.Parse(via) is { IsOk: true } user ? user.Value.Server.Value : null;
    }

    /// <summary>Signs an event whose hashes are already set, returning the signature.</summary>
    public static string SignatureOf(System.Text.Json.JsonElement pduWithHashes, RoomVersion version, SigningKey key) =>
        UnpaddedBase64.Encode(key.Sign(EventHashes.RedactedSigningBytes(pduWithHashes, version)));

    /// <summary>
    /// Checks the signatures of every required server on the redacted event. Keys are looked up by
    /// (server, key id); a key that had expired before the event's origin_server_ts, or (v5+) whose
    /// valid_until_ts does not reach it, is treated as unknown.
    /// </summary>
    public static IReadOnlyList<SignatureCheck> Verify(Pdu pdu, Func<string, string, VerifyKey?> keys)
    {
        byte[]? signed = null;
        var results = new List<SignatureCheck>();
        foreach (var server in RequiredSigners(pdu))
        {
            VerifyKey? Usable(string keyId) =>
                keys(server, keyId) is { } key && key.IsUsableAt(pdu.OriginServerTs, pdu.RoomVersion.EnforcesKeyValidity) ? key : null;
            results.Add(JsonSignatures.Verify(pdu.Signatures, server, Usable,
                () => signed ??= EventHashes.RedactedSigningBytes(pdu.Json, pdu.RoomVersion)));
        }

        return results;
    }

    /// <summary>True if every required server's signature verified.</summary>
    public static bool AllValid(IReadOnlyList<SignatureCheck> checks) => checks.All(c => c.IsValid);
}
