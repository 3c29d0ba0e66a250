using BenchmarkDotNet.Attributes;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;

namespace Tangle.Benchmarks;

/// <summary>
/// Resolving the two branches of a large room that disagree on 1,000 membership events and on the power
/// levels, at 1k, 10k and 100k members, with state resolution v2 (room 11) and v2.1 (room 12).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StateResolutionBenchmarks
{
    private LargeRoom _room = null!;
    private IStateEventSource _source = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Members { get; set; }

    [Params("11", "12")]
    public string RoomVersion { get; set; } = "11";

    [GlobalSetup]
    public void Setup()
    {
        _room = LargeRoom.Build(RoomVersions.Find(RoomVersion)!, Members, conflicts: 1_000);
        _source = _room.Source;
        var result = StateResolver.Resolve(_room.Version, _room.StateSets, _source);
        Console.WriteLine($"// {Members} members, {_room.EventCount} events: conflicted {result.ConflictedEvents}, full conflicted {result.FullConflictedEvents}, "
            + $"power replayed {result.PowerEventsReplayed}, others replayed {result.OtherEventsReplayed}, resolved keys {result.State.Count}");
    }

    [Benchmark(Description = "resolve two forks (1,000 membership conflicts + power levels)")]
    public ResolvedState Resolve() => StateResolver.Resolve(_room.Version, _room.StateSets, _source);
}
