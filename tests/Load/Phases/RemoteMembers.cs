using System.Diagnostics;
using System.Net;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Testing;

namespace Tangle.Load.Phases;

/// <summary>
/// A bulk loader of members from hs3.test, a homeserver the harness plays itself: its first user joins the room
/// on hs1 through make_join and send_join, and the rest send their joins in transactions of 50, each built on
/// the one before. On hs1 each join then costs what a join received over federation costs, and is written to the
/// sync streams of hs1's own members only, not to those of thousands of local members.
/// </summary>
internal static class RemoteMembers
{
    public const string ServerName = "hs3.test";

    /// <summary>The most PDUs one transaction may carry.</summary>
    private const int PdusPerTransaction = 50;

    public static async Task JoinAsync(FakeHomeserver hs3, Uri hs1Federation, string room, int members, RunFigures figures, string phase)
    {
        var clock = Stopwatch.StartNew();
        var fake = await FakeRoom.JoinAsync(hs3, hs1Federation, FederatedPair.FirstName, room, User(0));
        var joined = 1;
        var step = Math.Max(members / 10, PdusPerTransaction);
        while (joined < members)
        {
            var batch = new List<Pdu>();
            while (batch.Count < PdusPerTransaction && joined + batch.Count < members)
            {
                var user = User(joined + batch.Count);
                var join = fake.Create(user, EventTypes.Member, new { membership = Membership.Join }, stateKey: user);
                fake.Advance(join);
                batch.Add(join);
            }

            var (status, answer) = await fake.SendAsync(batch.Select(p => p.Json.GetRawText()));
            if (status != HttpStatusCode.OK)
                throw new InvalidOperationException($"{FederatedPair.FirstName} answered a transaction of joins with {(int)status}: {answer}");
            foreach (var result in answer.GetProperty("pdus").EnumerateObject())
            {
                if (result.Value.TryGetProperty("error", out var error))
                    throw new InvalidOperationException($"{FederatedPair.FirstName} refused the join {result.Name}: {error}");
            }

            if ((joined + batch.Count) / step > joined / step)
                Console.WriteLine($"  {joined + batch.Count} members of {ServerName} joined after {clock.Elapsed.TotalSeconds:0} s");
            joined += batch.Count;
        }

        figures.Add(phase, $"build: {members} members of {ServerName} joined over federation", clock.Elapsed.TotalSeconds, "s");
    }

    private static string User(int i) => $"@member-{i}:{ServerName}";
}
