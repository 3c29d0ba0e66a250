using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Tests.Fixtures;

/// <summary>
/// Builds real, hashed and signed PDUs for one room of a given version. Each server signs with a key
/// derived from its name, so the same inputs always give the same events (and event ids).
/// </summary>
internal sealed class TestEvents(RoomVersion version, string roomServer = "example.com")
{
    private long _clock = 1_000;

    public RoomVersion Version { get; } = version;

    /// <summary>The room id; for v12 known only once the create event exists.</summary>
    public RoomId? RoomId { get; private set; } = version.RoomIdIsCreateEventHash ? null : global::Tangle.Protocol.Identifiers.RoomId.From($"!room:{roomServer}");

    public static SigningKey KeyFor(string server) =>
        SigningKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes(server)), "test");

    public static VerifyKey? VerifyKeyFor(string server, string keyId) =>
        keyId == "ed25519:test" ? KeyFor(server).VerifyKey : null;

    public static JsonElement Json(string json) => StrictJson.Parse(json, NumberPolicy.Lenient).Value;

    /// <summary>The create event. Content defaults to what the version needs (creator before v11).</summary>
    public Pdu Create(string sender, string? content = null)
    {
        content ??= CreateContent(Version, sender);
        var pdu = Build(sender, EventTypes.Create, "", Json(content), [], [], null);
        RoomId ??= pdu.RoomId;
        return pdu;
    }

    /// <summary>
    /// The content of a create event as <paramref name="version"/> needs it: room_version, and creator
    /// before v11, followed by <paramref name="extra"/> (JSON members without braces).
    /// </summary>
    public static string CreateContent(RoomVersion version, string sender, string? extra = null)
    {
        var creator = version.CreatorInContent ? $"\"creator\":\"{sender}\"," : "";
        return $$"""{{{creator}}"room_version":"{{version.Id}}"{{(extra is null ? "" : "," + extra)}}}""";
    }

    /// <summary>Any event. Depth follows the prev events; timestamps increase with each event built.</summary>
    public Pdu Event(string sender, string type, string? stateKey, string content, IEnumerable<Pdu> authEvents,
        IEnumerable<Pdu>? prevEvents = null, long? originServerTs = null, EventId? redacts = null) =>
        Build(sender, type, stateKey, Json(content), authEvents.ToList(), prevEvents?.ToList() ?? [], originServerTs, redacts);

    public Pdu Member(string sender, string target, string membership, IEnumerable<Pdu> authEvents, IEnumerable<Pdu>? prevEvents = null, string? extraContent = null) =>
        Event(sender, EventTypes.Member, target, $$"""{"membership":"{{membership}}"{{(extraContent is null ? "" : "," + extraContent)}}}""", authEvents, prevEvents);

    /// <summary>
    /// Power levels content. In v12 creators cannot be listed and have infinite power anyway, so users
    /// at or above 100 that are creators are left out there.
    /// </summary>
    public string PowerLevels(IReadOnlyDictionary<string, long> users, string? extra = null, IReadOnlyCollection<string>? creators = null)
    {
        var listed = Version.PrivilegesCreators && creators is not null
            ? users.Where(u => !creators.Contains(u.Key))
            : users;
        var usersJson = string.Join(",", listed.Select(u => $"\"{u.Key}\":{u.Value}"));
        return $$"""{"users":{{{usersJson}}}{{(extra is null ? "" : "," + extra)}}}""";
    }

    /// <summary>Adds another server's signature to an event, as the resident server of a restricted join does.</summary>
    public static Pdu CoSign(Pdu pdu, string server)
    {
        using var key = KeyFor(server);
        var signature = EventSignatures.SignatureOf(pdu.Json, pdu.RoomVersion, key);
        return Pdu.FromJson(JsonSignatures.WithSignature(pdu.Json, server, key.KeyId, signature), pdu.RoomVersion).Value;
    }

    private Pdu Build(string sender, string type, string? stateKey, JsonElement content, IReadOnlyList<Pdu> authEvents,
        IReadOnlyList<Pdu> prevEvents, long? originServerTs, EventId? redacts = null)
    {
        var senderId = UserId.From(sender);
        using var key = KeyFor(senderId.Server.Value);
        var proto = new ProtoEvent
        {
            RoomVersion = Version,
            RoomId = type == EventTypes.Create && Version.RoomIdIsCreateEventHash ? null : RoomId ?? throw new InvalidOperationException("create the room first"),
            Sender = senderId,
            Type = type,
            StateKey = stateKey,
            Content = content,
            AuthEvents = authEvents.Select(Reference).ToList(),
            PrevEvents = prevEvents.Select(Reference).ToList(),
            Depth = prevEvents.Count == 0 ? 1 : prevEvents.Max(p => p.Depth) + 1,
            OriginServerTs = originServerTs ?? _clock++,
            Redacts = redacts,
        };
        var result = proto.HashAndSign(senderId.Server, key);
        return result.IsOk ? result.Value : throw new InvalidOperationException(result.Error!.ToString());
    }

    private EventReference Reference(Pdu pdu) =>
        Version.HasEventIdInEvent
            ? new EventReference(pdu.EventId, UnpaddedBase64.Encode(EventHashes.ReferenceHash(pdu.Json, Version)))
            : new EventReference(pdu.EventId);
}
