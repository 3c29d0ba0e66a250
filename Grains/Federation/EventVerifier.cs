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
/// <remarks>
/// A send_join answer or a state snapshot brings thousands of events signed with a handful of keys: a batch
/// looks each key up once, not once per event, and checks the signatures on every core.
/// </remarks>
public sealed class EventVerifier(IGrainFactory grains)
{
    /// <summary>Below this many events a batch is checked on the calling thread.</summary>
    private const int ParallelThreshold = 64;

    public async Task<Result<Pdu>> VerifyAsync(JsonElement json, RoomVersion version) => (await VerifyAsync([json], version))[0];

    /// <summary>Checks each event of a batch; the results are in the order of <paramref name="events"/>.</summary>
    public async Task<IReadOnlyList<Result<Pdu>>> VerifyAsync(IReadOnlyList<JsonElement> events, RoomVersion version)
    {
        var parsed = new Result<Pdu>[events.Count];
        Run(events.Count, i => parsed[i] = Pdu.FromJson(events[i], version));

        var keys = new SignerKeys(grains);
        foreach (var result in parsed)
        {
            if (result.TryGetValue(out var pdu, out _))
                await keys.LoadAsync(pdu);
        }

        var checkedEvents = new Result<Pdu>[events.Count];
        Run(events.Count, i => checkedEvents[i] = parsed[i].TryGetValue(out var pdu, out var error) ? Check(pdu, version, keys) : error);
        return checkedEvents;
    }

    private static Result<Pdu> Check(Pdu pdu, RoomVersion version, SignerKeys keys)
    {
        foreach (var server in EventSignatures.RequiredSigners(pdu))
        {
            if (!pdu.Signatures.TryGetProperty(server, out var signatures) || signatures.ValueKind != JsonValueKind.Object)
                return new ProtocolError(ProtocolErrorKind.BadSignature, $"the event is not signed by {server}");
        }

        var checks = EventSignatures.Verify(pdu, (server, keyId) => keys.Find(server, keyId, pdu.OriginServerTs));
        if (!EventSignatures.AllValid(checks))
            return new ProtocolError(ProtocolErrorKind.BadSignature, string.Join("; ", checks.Where(c => !c.IsValid)));
        return EventHashes.HasValidContentHash(pdu.Json, version) ? pdu : pdu.Redacted();
    }

    private static void Run(int count, Action<int> work)
    {
        if (count < ParallelThreshold)
        {
            for (var i = 0; i < count; i++)
                work(i);
        }
        else
        {
            Parallel.For(0, count, work);
        }
    }

    /// <summary>The keys of the servers that signed a batch, each looked up once for the newest event that needs it.</summary>
    private sealed class SignerKeys(IGrainFactory grains)
    {
        private readonly Dictionary<(string Server, string KeyId), List<VerifyKey>> _keys = [];

        public async Task LoadAsync(Pdu pdu)
        {
            foreach (var server in EventSignatures.RequiredSigners(pdu))
            {
                if (!pdu.Signatures.TryGetProperty(server, out var signatures) || signatures.ValueKind != JsonValueKind.Object)
                    continue;
                foreach (var signature in signatures.EnumerateObject())
                {
                    if (!KeyIds.IsEd25519(signature.Name) || Covers(server, signature.Name, pdu.OriginServerTs))
                        continue;
                    var records = await grains.GetGrain<IServerKeysGrain>(server).GetKeysAsync(signature.Name, pdu.OriginServerTs);
                    if (!_keys.TryGetValue((server, signature.Name), out var held))
                        _keys[(server, signature.Name)] = held = [];
                    foreach (var record in records.Where(r => r.KeyId == signature.Name))
                    {
                        if (VerifyKey.FromBase64(record.KeyId, record.PublicKey, record.ExpiredTs is null ? record.ValidUntilTs : null, record.ExpiredTs)
                            .TryGetValue(out var key, out _))
                            held.Add(key);
                    }
                }
            }
        }

        /// <summary>Whether a key already looked up was valid at <paramref name="ts"/>; a key that was never found is not asked for again.</summary>
        private bool Covers(string server, string keyId, long ts) =>
            _keys.TryGetValue((server, keyId), out var held) && (held.Count == 0 || held.Any(k => ValidUntil(k) >= ts));

        /// <summary>The key that best covers the event's time: one still valid then, else the latest known (which the check then refuses).</summary>
        public VerifyKey? Find(string server, string keyId, long ts) =>
            _keys.TryGetValue((server, keyId), out var held) ? held.FirstOrDefault(k => ValidUntil(k) >= ts) ?? held.LastOrDefault() : null;

        private static long ValidUntil(VerifyKey key) => key.ExpiredTs ?? key.ValidUntilTs ?? long.MaxValue;
    }
}
