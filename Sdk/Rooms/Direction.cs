using System.Text.Json.Serialization;

namespace Tangle.Sdk.Rooms;

/// <summary>The direction to paginate or search in.</summary>
public enum Direction
{
    /// <summary>Backwards: from newer to older (<c>b</c>).</summary>
    [JsonStringEnumMemberName("b")]
    Backward,

    /// <summary>Forwards: from older to newer (<c>f</c>).</summary>
    [JsonStringEnumMemberName("f")]
    Forward,
}

/// <summary>Query-string forms of <see cref="Direction"/>.</summary>
internal static class DirectionExtensions
{
    public static string ToQuery(this Direction direction) => direction == Direction.Forward ? "f" : "b";
}
