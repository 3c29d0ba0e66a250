using Tangle.Sdk;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Restart;

/// <summary>
/// A server of its own that had users, a room, history, a sync token, a queued to-device message and a
/// transaction before it was restarted on the same data directory; the tests then look at what survived.
/// </summary>
public sealed class RestartedServer : IAsyncLifetime
{
    public TangleServer Server { get; private set; } = null!;

    public MatrixSession Alice { get; private set; } = null!;

    public MatrixSession Bob { get; private set; } = null!;

    public string AlicePassword => TestUsers.Password;

    public string RoomId { get; private set; } = "";

    /// <summary>Messages sent before <see cref="SyncToken"/>, oldest first.</summary>
    public IReadOnlyList<string> EarlyMessages { get; private set; } = [];

    /// <summary>Messages sent after <see cref="SyncToken"/> and before the restart, oldest first.</summary>
    public IReadOnlyList<string> LateMessages { get; private set; } = [];

    /// <summary>Alice's next_batch from before the restart, taken between the early and the late messages.</summary>
    public string SyncToken { get; private set; } = "";

    /// <summary>The event alice sent with transaction id <c>before-restart</c>.</summary>
    public string TransactionEvent { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Server = await TangleServer.StartAsync();
        using var alice = new MatrixClient(Server.BaseAddress);
        using var bob = new MatrixClient(Server.BaseAddress);
        await alice.RegisterAsync(TestUsers.UniqueLocalpart("alice"), TestUsers.Password);
        await bob.RegisterAsync(TestUsers.UniqueLocalpart("bob"), TestUsers.Password);
        RoomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat, Name = "Durable" });
        await bob.JoinRoomAsync(RoomId);
        EarlyMessages = await alice.SendTextsAsync(RoomId, 5, "early");
        SyncToken = (await alice.WaitForSyncAsync(null, s => s.TimelineHas(RoomId, EarlyMessages[^1]))).NextBatch;
        LateMessages = await bob.SendTextsAsync(RoomId, 2, "late");
        TransactionEvent = await alice.SendMessageAsync(RoomId, Sdk.Events.MessageContent.Text("once"), "before-restart");
        await alice.SendToDeviceAsync("org.example.durable",
            new Dictionary<string, IReadOnlyDictionary<string, object>> { [bob.UserId] = new Dictionary<string, object> { [bob.DeviceId] = new { kept = true } } });
        Alice = alice.Session!;
        Bob = bob.Session!;

        Server = await Server.RestartAsync();
    }

    /// <summary>A client of the restarted server using a session from before the restart.</summary>
    public MatrixClient ClientOf(MatrixSession session)
    {
        var client = new MatrixClient(Server.BaseAddress);
        client.RestoreSession(session);
        return client;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
