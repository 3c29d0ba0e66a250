using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tangle.Grains;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// A real Tangle (origin.test) whose federation reaches a fake remote server (remote.test), with retries a
/// fraction of a second apart, and the outbox of what origin.test sends remote.test.
/// </summary>
internal sealed class OutboxNetwork : IAsyncDisposable
{
    public static readonly ServerName Origin = ServerName.From("origin.test");

    private int _events;

    private OutboxNetwork(FakeHomeserver remote, TangleServer server)
    {
        Remote = remote;
        Server = server;
    }

    public FakeHomeserver Remote { get; }

    public TangleServer Server { get; private set; }

    public LocalHomeserver Homeserver => Server.Services.GetRequiredService<LocalHomeservers>()[Origin];

    /// <summary>The outbox grain, looked up on the server as it is now (after any restart).</summary>
    public IFederationOutboxGrain Outbox => Server.Services.GetRequiredService<IGrainFactory>().FederationOutbox(Origin, Remote.Name);

    public static async Task<OutboxNetwork> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var remote = await FakeHomeserver.StartAsync("remote.test");
        var all = new Dictionary<string, string?>
        {
            ["Tangle:ServerName"] = Origin.Value,
            [$"Tangle:Federation:Hosts:{remote.Name.Value}"] = remote.Address.ToString(),
            ["Tangle:Federation:RetryInitialDelay"] = "00:00:00.100",
            ["Tangle:Federation:RetryMaxDelay"] = "00:00:00.300",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        try
        {
            return new OutboxNetwork(remote, await TangleServer.StartAsync(all));
        }
        catch
        {
            await remote.DisposeAsync();
            throw;
        }
    }

    /// <summary>A message event signed by origin.test, its body naming it: <c>"{room} #{n}"</c>.</summary>
    public Pdu Message(string room = "lobby")
    {
        var n = Interlocked.Increment(ref _events);
        return new ProtoEvent
        {
            RoomVersion = RoomVersions.V11,
            RoomId = RoomId.From($"!{room}:{Origin.Value}"),
            Sender = UserId.From($"@alice:{Origin.Value}"),
            Type = "m.room.message",
            Content = JsonSerializer.SerializeToElement(new { msgtype = "m.text", body = $"{room} #{n.ToString(CultureInfo.InvariantCulture)}" }),
            Depth = n,
            OriginServerTs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        }.HashAndSign(Origin, Homeserver.SigningKey).Value;
    }

    public IReadOnlyList<Pdu> Messages(int count, string room = "lobby") => [.. Enumerable.Range(0, count).Select(_ => Message(room))];

    /// <summary>The bodies of the events in the transactions the remote accepted, in the order received.</summary>
    public IReadOnlyList<string> DeliveredBodies() =>
        [.. Remote.Transactions.Accepted.SelectMany(t => t.Pdus).Select(p => p.GetProperty("content").GetProperty("body").GetString()!)];

    public static string BodyOf(Pdu pdu) => pdu.Content.GetProperty("body").GetString()!;

    /// <summary>Waits until the outbox's status satisfies <paramref name="condition"/>; fails after a generous timeout.</summary>
    public async Task<OutboxStatus> StatusWhenAsync(Func<OutboxStatus, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await Outbox.GetStatusAsync();
            if (condition(status))
                return status;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"the outbox never reached the expected state; last: {status}");
            await Task.Delay(50);
        }
    }

    public async Task RestartAsync() => Server = await Server.RestartAsync();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Remote.DisposeAsync();
    }
}
