using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tangle.Grains;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>A server's replica of a room, read straight from its room grain, and waiting for replicas to agree.</summary>
internal static class Replicas
{
    /// <summary>How long servers get to agree once they can reach each other.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static IRoomFederationGrain Replica(this TangleServer server, string room) =>
        server.Services.GetRequiredService<IGrainFactory>().FederatedRoom(ServerName.From(server.ServerName), RoomId.From(room));

    public static Task<ReplicaSnapshot> SnapshotAsync(this TangleServer server, string room) => server.Replica(room).GetReplicaSnapshotAsync();

    public static bool SameState(ReplicaSnapshot a, ReplicaSnapshot b) =>
        a.State.Count == b.State.Count && a.State.All(kv => b.State.TryGetValue(kv.Key, out var id) && id == kv.Value);

    public static bool SameExtremities(ReplicaSnapshot a, ReplicaSnapshot b) =>
        a.ForwardExtremities.ToHashSet().SetEquals(b.ForwardExtremities);

    /// <summary>Polls both replicas until <paramref name="agreed"/> holds; fails with how they differ after the deadline.</summary>
    public static async Task<(ReplicaSnapshot A, ReplicaSnapshot B)> AwaitAsync(TangleServer a, TangleServer b, string room,
        Func<ReplicaSnapshot, ReplicaSnapshot, bool> agreed, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var (first, second) = (await a.SnapshotAsync(room), await b.SnapshotAsync(room));
            if (agreed(first, second))
                return (first, second);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{a.ServerName} and {b.ServerName} never agreed on {what}:\n{Difference(a.ServerName, first, b.ServerName, second)}");
            await Task.Delay(100);
        }
    }

    /// <summary>What differs between two snapshots, one line per state key or extremity.</summary>
    public static string Difference(string aName, ReplicaSnapshot a, string bName, ReplicaSnapshot b)
    {
        var text = new StringBuilder();
        foreach (var key in a.State.Keys.Union(b.State.Keys).Order())
        {
            var (x, y) = (a.State.GetValueOrDefault(key), b.State.GetValueOrDefault(key));
            if (x != y)
                text.AppendLine($"  state ({key.Type}, {key.StateKey}): {aName} {x?.Value ?? "-"}, {bName} {y?.Value ?? "-"}");
        }

        text.AppendLine($"  extremities: {aName} [{string.Join(", ", a.ForwardExtremities.Select(e => e.Value))}], " +
            $"{bName} [{string.Join(", ", b.ForwardExtremities.Select(e => e.Value))}]");
        return text.ToString();
    }
}
