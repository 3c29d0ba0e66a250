using Tangle.Grains.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains;

/// <summary>
/// A federation outbox carries what one local server sends to one remote server, so its key names both:
/// <c>origin|destination</c>. Server names cannot contain '|', so the first one splits the key.
/// </summary>
public static class FederationOutboxKey
{
    public static string For(ServerName origin, ServerName destination) => $"{origin.Value}|{destination.Value}";

    public static (ServerName Origin, ServerName Destination) Parse(string key)
    {
        var bar = key.IndexOf('|');
        return (ServerName.From(key[..bar]), ServerName.From(key[(bar + 1)..]));
    }

    /// <summary>The outbox of what <paramref name="origin"/> sends to <paramref name="destination"/>.</summary>
    public static IFederationOutboxGrain FederationOutbox(this IGrainFactory grains, ServerName origin, ServerName destination) =>
        grains.GetGrain<IFederationOutboxGrain>(For(origin, destination));
}
