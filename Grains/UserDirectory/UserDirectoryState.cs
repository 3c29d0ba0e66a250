namespace Tangle.Grains.UserDirectory;

/// <summary>What the user directory persists.</summary>
[GenerateSerializer]
public sealed class UserDirectoryState
{
    /// <summary>Local users' global profiles, by user id.</summary>
    [Id(0)] public Dictionary<string, DirectoryProfile> Profiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Each room's joined local users, by room id.</summary>
    [Id(1)] public Dictionary<string, HashSet<string>> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rooms whose members anyone may find.</summary>
    [Id(2)] public HashSet<string> VisibleRooms { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A user's global display name and avatar.</summary>
[GenerateSerializer]
public sealed record DirectoryProfile([property: Id(0)] string? DisplayName, [property: Id(1)] string? AvatarUrl);
