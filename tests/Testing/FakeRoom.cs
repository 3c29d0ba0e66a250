using System.Text.Json;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Testing;

/// <summary>
/// A fake server's view of a room it joined on a Tangle server: the state and the latest event, so the test can
/// build well-formed events on top (and then spoil them as it likes) and send them in transactions.
/// </summary>
public sealed class FakeRoom
{
    private readonly Dictionary<StateMapKey, Pdu> _state;

    private FakeRoom(FakeHomeserver server, Uri target, string destination, RoomId room, RoomVersion version, Dictionary<StateMapKey, Pdu> state, Pdu latest)
    {
        Server = server;
        Target = target;
        Destination = destination;
        RoomId = room;
        Version = version;
        _state = state;
        Latest = latest;
    }

    public FakeHomeserver Server { get; }

    public Uri Target { get; }

    public string Destination { get; }

    public RoomId RoomId { get; }

    public RoomVersion Version { get; }

    /// <summary>The newest event this fake server knows, which new events build on.</summary>
    public Pdu Latest { get; private set; }

    /// <summary>Joins <paramref name="user"/> (a user of the fake server) to a room on a Tangle server through make_join and send_join.</summary>
    public static async Task<FakeRoom> JoinAsync(FakeHomeserver server, Uri target, string destination, string roomId, string user)
    {
        var room = RoomId.From(roomId);
        var userId = UserId.From(user);
        var versions = string.Join("&", RoomVersions.All.Select(v => "ver=" + v.Id));
        using var make = await server.SendAsync(target, destination, HttpMethod.Get,
            $"/_matrix/federation/v1/make_join/{Uri.EscapeDataString(roomId)}/{Uri.EscapeDataString(user)}?{versions}");
        var template = JsonDocument.Parse(await make.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!make.IsSuccessStatusCode)
            throw new InvalidOperationException($"make_join failed: {template}");
        var version = RoomVersions.Find(template.GetProperty("room_version").GetString())!;
        var proto = EventTemplate.Read(template.GetProperty("event"), version, room, userId, "join").Value;
        var join = proto.HashAndSign(server.Name, server.Key).Value;
        using var send = await server.SendAsync(target, destination, HttpMethod.Put,
            $"/_matrix/federation/v2/send_join/{Uri.EscapeDataString(roomId)}/{Uri.EscapeDataString(join.EventId.Value)}", join.Json.GetRawText());
        var answer = JsonDocument.Parse(await send.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!send.IsSuccessStatusCode)
            throw new InvalidOperationException($"send_join failed: {answer}");
        var state = answer.GetProperty("state").EnumerateArray().Select(e => Pdu.FromJson(e, version).Value).ToDictionary(p => p.StateMapKey!.Value);
        state[join.StateMapKey!.Value] = join;
        return new FakeRoom(server, target, destination, room, version, state, join);
    }

    /// <summary>Builds and signs an event by <paramref name="sender"/> on top of <see cref="Latest"/>, citing the auth events the state gives.</summary>
    /// <param name="authEvents">Auth events to cite instead of those the state gives.</param>
    /// <param name="prevEvents">Prev events to cite instead of <see cref="Latest"/>.</param>
    public Pdu Create(string sender, string type, object content, string? stateKey = null, SigningKey? key = null, long? originServerTs = null,
        IReadOnlyList<Pdu>? authEvents = null, IReadOnlyList<Pdu>? prevEvents = null)
    {
        var json = JsonSerializer.SerializeToElement(content);
        var keys = AuthEventSelection.KeysFor(Version, type, stateKey, sender, json);
        var proto = new ProtoEvent
        {
            RoomVersion = Version,
            RoomId = RoomId,
            Sender = UserId.From(sender),
            Type = type,
            StateKey = stateKey,
            Content = json,
            AuthEvents = authEvents?.Select(Reference).ToList() ?? keys.Where(_state.ContainsKey).Select(k => Reference(_state[k])).ToList(),
            PrevEvents = prevEvents?.Select(Reference).ToList() ?? [Reference(Latest)],
            Depth = (prevEvents?.Max(p => p.Depth) ?? Latest.Depth) + 1,
            OriginServerTs = originServerTs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        return proto.HashAndSign(Server.Name, key ?? Server.Key).Value;
    }

    /// <summary>The state event this fake server holds under (<paramref name="type"/>, <paramref name="stateKey"/>).</summary>
    public Pdu State(string type, string stateKey) => _state[new StateMapKey(type, stateKey)];

    /// <summary>Records <paramref name="pdu"/> as the newest event (and as state when it is state), as if it was accepted.</summary>
    public void Advance(Pdu pdu)
    {
        Latest = pdu;
        if (pdu.StateMapKey is { } key)
            _state[key] = pdu;
    }

    /// <summary>Sends a transaction of raw PDU and EDU JSON; returns the status and the answer.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendAsync(IEnumerable<string> pdus, IEnumerable<string>? edus = null, string? txnId = null)
    {
        var body = $"{{\"origin\":\"{Server.Name.Value}\",\"origin_server_ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}," +
            $"\"pdus\":[{string.Join(",", pdus)}],\"edus\":[{string.Join(",", edus ?? [])}]}}";
        using var response = await Server.SendAsync(Target, Destination, HttpMethod.Put,
            $"/_matrix/federation/v1/send/{txnId ?? Guid.NewGuid().ToString("N")}", body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private EventReference Reference(Pdu pdu) =>
        Version.HasEventIdInEvent
            ? new EventReference(pdu.EventId, UnpaddedBase64.Encode(EventHashes.ReferenceHash(pdu.Json, Version)))
            : new EventReference(pdu.EventId);
}
