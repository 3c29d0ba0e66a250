using System.Globalization;
using System.Reflection;
using Tangle.Protocol.Rooms;
using Xunit.Sdk;
using Xunit.v3;

namespace Tangle.Protocol.Tests.Fixtures;

/// <summary>
/// Runs a theory once for each room version from <c>from</c> to <c>to</c> inclusive, passing the version
/// id; with <see cref="Cases"/>, once for each version and case. Ranges are written as the specification
/// states them ("rooms v1 to v5"), independently of the flags the implementation reads.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class VersionsAttribute(int from = 1, int to = int.MaxValue) : DataAttribute
{
    /// <summary>A second argument: every version runs with each of these.</summary>
    public string[]? Cases { get; set; }

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        var versions = RoomVersions.All
            .Where(v => int.Parse(v.Id, CultureInfo.InvariantCulture) is var number && number >= from && number <= to)
            .Select(v => v.Id)
            .ToList();
        if (versions.Count == 0)
            throw new InvalidOperationException($"no room version between {from} and {to}");
        IReadOnlyCollection<ITheoryDataRow> rows = Cases is null
            ? versions.Select(ITheoryDataRow (v) => new TheoryDataRow<string>(v)).ToList()
            : versions.SelectMany(v => Cases.Select(ITheoryDataRow (c) => new TheoryDataRow<string, string>(v, c))).ToList();
        return new(rows);
    }

    public override bool SupportsDiscoveryEnumeration() => true;
}
