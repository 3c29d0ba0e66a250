namespace Tangle.Grains.Sync;

/// <summary>Users whose device lists a user should refetch (changed) or stop tracking (left).</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceListChanges(
    [property: Id(0)] IReadOnlyList<string> Changed,
    [property: Id(1)] IReadOnlyList<string> Left);
