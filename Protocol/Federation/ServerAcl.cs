using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Federation;

/// <summary>
/// A room's <c>m.room.server_acl</c>: which servers may take part in the room over federation. Rules are
/// case-insensitive globs over the server name without its port; deny wins over allow, and a server that
/// no allow rule names is denied.
/// </summary>
public sealed class ServerAcl
{
    private readonly string[] _allow;
    private readonly string[] _deny;
    private readonly bool _allowIpLiterals;

    private ServerAcl(string[] allow, string[] deny, bool allowIpLiterals)
    {
        _allow = allow;
        _deny = deny;
        _allowIpLiterals = allowIpLiterals;
    }

    /// <summary>Reads the ACL from the event's content. Non-string entries are ignored, as are non-list fields.</summary>
    public static ServerAcl FromContent(JsonElement content)
    {
        var allowIpLiterals = !(content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("allow_ip_literals", out var ip) && ip.ValueKind == JsonValueKind.False);
        return new ServerAcl(Patterns(content, "allow"), Patterns(content, "deny"), allowIpLiterals);
    }

    /// <summary>Whether <paramref name="server"/> may take part in the room.</summary>
    public bool Allows(ServerName server)
    {
        if (server.HostKind != HostKind.DnsName && !_allowIpLiterals)
            return false;
        var host = server.Host;
        if (_deny.Any(pattern => GlobMatches(pattern, host)))
            return false;
        return _allow.Any(pattern => GlobMatches(pattern, host));
    }

    /// <summary>
    /// Glob matching (<c>*</c> any run, <c>?</c> one character), case-insensitive for ASCII, by the classic
    /// backtrack-to-last-star walk: linear in practice and never exponential, whatever the pattern.
    /// </summary>
    public static bool GlobMatches(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v])))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);

    private static string[] Patterns(JsonElement content, string name) =>
        content.ValueKind == JsonValueKind.Object && content.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];
}
