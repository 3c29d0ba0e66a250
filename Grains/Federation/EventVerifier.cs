using System.Text.Json;
using Tangle.Protocol;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Federation;

/// <summary>
/// The first checks on an event from outside: its format for the room version, the signatures of every
/// server that must have signed it (with keys valid when it was sent), and its content hash. An event whose
/// content hash does not match is kept only in its redacted form, as the specification says.
/// </summary>
public sealed class EventVerifier(IGrainFactory grains)
{
    public async Task<Result<Pdu>> VerifyAsync(JsonElement json, RoomVersion version)
    {
        if (!Pdu.FromJson(json, version).TryGetValue(out var pdu, out var formatError))
            return formatError;

        var keys = new Dictionary<(string Server, string KeyId), VerifyKey>();
        foreach (var server in EventSignatures.RequiredSigners(pdu))
        {
            if (!pdu.Signatures.TryGetProperty(server, out var signatures) || signatures.ValueKind != JsonValueKind.Object)
                return new ProtocolError(ProtocolErrorKind.BadSignature, $"the event is not signed by {server}");
            foreach (var signature in signatures.EnumerateObject())
            {
                if (!KeyIds.IsEd25519(signature.Name))
                    continue;
                var records = await grains.GetGrain<IServerKeysGrain>(server).GetKeysAsync(signature.Name, pdu.OriginServerTs);
                foreach (var record in records.Where(r => r.KeyId == signature.Name))
                {
                    if (VerifyKey.FromBase64(record.KeyId, record.PublicKey, record.ExpiredTs is null ? record.ValidUntilTs : null, record.ExpiredTs)
                        .TryGetValue(out var key, out _))
                        keys[(server, record.KeyId)] = key;
                }
            }
        }

        var checks = EventSignatures.Verify(pdu, (server, keyId) => keys.GetValueOrDefault((server, keyId)));
        if (!EventSignatures.AllValid(checks))
            return new ProtocolError(ProtocolErrorKind.BadSignature, string.Join("; ", checks.Where(c => !c.IsValid)));

        return EventHashes.HasValidContentHash(pdu.Json, version) ? pdu : pdu.Redacted();
    }
}
