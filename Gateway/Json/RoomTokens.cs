using System.Globalization;

namespace Tangle.Gateway.Json;

/// <summary>Pagination tokens of a room: <c>t</c> and a position in the room's stream (below zero for backfilled history).</summary>
internal static class RoomTokens
{
    public static string Format(long position) => "t" + position.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? token, out long position)
    {
        position = 0;
        return token is { Length: > 1 } && token[0] == 't'
            && long.TryParse(token.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out position);
    }
}
