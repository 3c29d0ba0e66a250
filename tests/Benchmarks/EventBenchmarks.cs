using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Benchmarks;

/// <summary>The per-event work every send and every receive does, on a typical 1 KB message event.</summary>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private static readonly RoomVersion Version = RoomVersions.V11;
    private SigningKey _key = null!;
    private Pdu _pdu = null!;
    private byte[] _bytes = null!;
    private string _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = SigningKey.FromSeed(new byte[32], "bench");
        var body = new string('x', 240);
        var content = StrictJson.Parse($$"""
            {"msgtype":"m.text","body":"{{body}}","format":"org.matrix.custom.html",
             "formatted_body":"<p><strong>{{body[..120]}}</strong></p>",
             "m.relates_to":{"m.in_reply_to":{"event_id":"$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"} },
             "m.mentions":{"user_ids":["@bob:example.org"]} }
            """).Value;
        var proto = new ProtoEvent
        {
            RoomVersion = Version,
            RoomId = RoomId.From("!SomeRoomIdentifier:example.org"),
            Sender = UserId.From("@alice:example.org"),
            Type = "m.room.message",
            Content = content,
            AuthEvents = [EventId.From("$" + new string('a', 43)), EventId.From("$" + new string('b', 43)), EventId.From("$" + new string('c', 43))],
            PrevEvents = [EventId.From("$" + new string('d', 43))],
            Depth = 4242,
            OriginServerTs = 1_732_000_000_000,
        };
        _pdu = proto.HashAndSign(ServerName.From("example.org"), _key).Value;
        _bytes = _pdu.ToCanonicalBytes();
        _signature = EventSignatures.SignatureOf(_pdu.Json, Version, _key);
        Console.WriteLine($"// event size: {_bytes.Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Description = "canonical JSON encode (1 KB event)")]
    public byte[] CanonicalEncode() => CanonicalJson.Encode(_pdu.Json);

    [Benchmark(Description = "parse + validate + event id")]
    public Pdu Parse() => Pdu.Parse(_bytes, Version).Value;

    [Benchmark(Description = "sign event")]
    public string Sign() => EventSignatures.SignatureOf(_pdu.Json, Version, _key);

    [Benchmark(Description = "verify event signature")]
    public bool Verify() => EventSignatures.AllValid(EventSignatures.Verify(_pdu, (_, _) => _key.VerifyKey));

    [Benchmark(Description = "sign + verify event")]
    public bool SignAndVerify()
    {
        var signature = EventSignatures.SignatureOf(_pdu.Json, Version, _key);
        return signature == _signature && EventSignatures.AllValid(EventSignatures.Verify(_pdu, (_, _) => _key.VerifyKey));
    }

    [Benchmark(Description = "content hash + reference hash")]
    public int Hashes() => EventHashes.ContentHash(_pdu.Json, Version).Length + EventHashes.ReferenceHash(_pdu.Json, Version).Length;

    [Benchmark(Description = "redact")]
    public JsonElement Redact() => Redaction.Redact(_pdu.Json, Version);

    [Benchmark(Description = "hash + sign a new event (ProtoEvent)")]
    public Pdu HashAndSign() => new ProtoEvent
    {
        RoomVersion = Version,
        RoomId = _pdu.RoomId,
        Sender = _pdu.Sender,
        Type = _pdu.Type,
        Content = _pdu.Content,
        AuthEvents = _pdu.AuthEventReferences,
        PrevEvents = _pdu.PrevEventReferences,
        Depth = _pdu.Depth,
        OriginServerTs = _pdu.OriginServerTs,
    }.HashAndSign(ServerName.From("example.org"), _key).Value;

    public static string Describe(Pdu pdu) => Encoding.UTF8.GetString(pdu.CanonicalBytes);
}
