using System.Text;
using System.Text.Json;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Tests.Federation;

/// <summary>The federation outboxes in SQLite: queue order, fixed transactions, and the bounds on what is kept.</summary>
public sealed class FederationOutboxStoreTests : IDisposable
{
    private static readonly ServerName Origin = ServerName.From("origin.test");
    private static readonly ServerName Remote = ServerName.From("remote.test");
    private const long Now = 1_700_000_000_000;

    private readonly SqliteDatabase _database = new(Path.Combine(Path.GetTempPath(), "tangle-outbox-" + Guid.NewGuid().ToString("N"), "tangle.db"));
    private readonly SqliteFederationOutboxStore _store;

    public FederationOutboxStoreTests() => _store = new SqliteFederationOutboxStore(_database);

    public void Dispose() => _database.Dispose();

    private static OutboxPdu Pdu(string room, string name) => new(RoomId.From($"!{room}:origin.test"), Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}"""));

    private static OutboxEdu Edu(string type, string name) => new(type, Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}"""));

    private static IEnumerable<string> Names(IEnumerable<byte[]> json) =>
        json.Select(j => JsonDocument.Parse(j).RootElement.GetProperty("name").GetString()!);

    private Task<OutboundTransaction?> NextAsync(ServerName? destination = null, long now = Now, int maxPdus = 50, int maxEdus = 100) =>
        _store.NextTransactionAsync(Origin, destination ?? Remote, now, now - 30_000, maxPdus, maxEdus);

    [Fact]
    public async Task A_transaction_takes_the_oldest_of_each_kind_in_queue_order_within_the_limits()
    {
        await _store.EnqueuePdusAsync(Origin, Remote, [Pdu("a", "p1"), Pdu("b", "p2"), Pdu("a", "p3")], Now, 1000);
        await _store.EnqueueEduAsync(Origin, Remote, Edu("m.receipt", "e1"), Now, 0);
        await _store.EnqueueEduAsync(Origin, Remote, Edu("m.receipt", "e2"), Now, 0);

        var transaction = await NextAsync(maxPdus: 2, maxEdus: 1);

        Assert.NotNull(transaction);
        Assert.Equal(["p1", "p2"], Names(transaction.Pdus));
        Assert.Equal(["e1"], Names(transaction.Edus.Select(e => e.Content)));
        Assert.Equal(Now, transaction.OriginServerTs);
    }

    [Fact]
    public async Task A_transaction_keeps_its_id_and_contents_until_it_is_removed()
    {
        await _store.EnqueuePdusAsync(Origin, Remote, [Pdu("a", "p1")], Now, 1000);
        var first = await NextAsync();
        await _store.EnqueuePdusAsync(Origin, Remote, [Pdu("a", "p2")], Now, 1000);

        var retried = await NextAsync(now: Now + 60_000);
        await _store.RemoveTransactionAsync(Origin, Remote, first!.Id);
        var next = await NextAsync(now: Now + 60_000);
        await _store.RemoveTransactionAsync(Origin, Remote, next!.Id);

        Assert.Equal(first.Id, retried!.Id);
        Assert.Equal(first.OriginServerTs, retried.OriginServerTs);
        Assert.Equal(Names(first.Pdus), Names(retried.Pdus));
        Assert.NotEqual(first.Id, next.Id);
        Assert.Equal(["p2"], Names(next.Pdus));
        Assert.Null(await NextAsync());
        Assert.Equal(new OutboxCounts(0, 0, null), await _store.GetCountsAsync(Origin, Remote));
    }

    [Fact]
    public async Task Transaction_ids_are_never_reused_by_an_origin_even_when_the_clock_goes_back()
    {
        var other = ServerName.From("other.test");
        var ids = new List<string>();
        foreach (var (destination, now) in new[] { (Remote, Now), (other, Now), (Remote, Now - 5_000), (other, Now - 5_000) })
        {
            await _store.EnqueuePdusAsync(Origin, destination, [Pdu("a", "p")], now, 1000);
            var transaction = await NextAsync(destination, now);
            ids.Add(transaction!.Id);
            await _store.RemoveTransactionAsync(Origin, destination, transaction.Id);
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) >= Now));
    }

    [Fact]
    public async Task Beyond_the_bound_the_oldest_events_of_the_room_are_dropped_but_not_those_in_flight()
    {
        await _store.EnqueuePdusAsync(Origin, Remote, [Pdu("a", "in-flight")], Now, 3);
        var inFlight = await NextAsync();

        var dropped = await _store.EnqueuePdusAsync(Origin, Remote,
            [Pdu("a", "a1"), Pdu("b", "b1"), Pdu("a", "a2"), Pdu("a", "a3"), Pdu("a", "a4"), Pdu("a", "a5")], Now, 3);
        await _store.RemoveTransactionAsync(Origin, Remote, inFlight!.Id);
        var next = await NextAsync();

        Assert.Equal(2, dropped);
        Assert.Equal(["b1", "a3", "a4", "a5"], Names(next!.Pdus));
    }

    [Fact]
    public async Task Stale_typing_is_dropped_while_other_ephemeral_events_wait()
    {
        await _store.EnqueueEduAsync(Origin, Remote, Edu("m.typing", "stale"), Now - 40_000, 0);
        await _store.EnqueueEduAsync(Origin, Remote, Edu("m.direct_to_device", "old-but-kept"), Now - 40_000, 0);
        await _store.EnqueueEduAsync(Origin, Remote, Edu("m.typing", "fresh"), Now - 1_000, 0);

        var transaction = await NextAsync();

        Assert.Equal(["old-but-kept", "fresh"], Names(transaction!.Edus.Select(e => e.Content)));
        Assert.Equal(["m.direct_to_device", "m.typing"], transaction.Edus.Select(e => e.Type));
    }

    [Fact]
    public async Task The_outboxes_with_something_queued_are_listed_for_resuming()
    {
        var other = ServerName.From("other.test");
        var idle = ServerName.From("idle.test");
        await _store.EnqueuePdusAsync(Origin, Remote, [Pdu("a", "p1"), Pdu("a", "p2")], Now, 1000);
        await _store.EnqueueEduAsync(Origin, other, Edu("m.direct_to_device", "e"), Now, 0);
        await _store.EnqueuePdusAsync(Origin, idle, [Pdu("a", "p")], Now, 1000);
        var delivered = await NextAsync(idle);
        await _store.RemoveTransactionAsync(Origin, idle, delivered!.Id);

        var pending = await _store.GetPendingOutboxesAsync();

        Assert.Equal([(Origin, other), (Origin, Remote)], pending.OrderBy(p => p.Destination.Value));
        Assert.Equal(new OutboxCounts(2, 0, null), await _store.GetCountsAsync(Origin, Remote));
    }
}
