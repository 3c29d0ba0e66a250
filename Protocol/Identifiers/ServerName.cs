using System.Net;
using System.Net.Sockets;

namespace Tangle.Protocol.Identifiers;

/// <summary>How the host part of a <see cref="ServerName"/> is written.</summary>
public enum HostKind
{
    DnsName,
    IPv4Literal,
    IPv6Literal,
}

/// <summary>
/// A homeserver's name: <c>hostname [":" port]</c>, where the hostname is a DNS name, a dotted-quad
/// IPv4 literal or a bracketed IPv6 literal. Compared case-sensitively, as the specification requires.
/// </summary>
public sealed class ServerName : IEquatable<ServerName>
{
    private ServerName(string value, string host, int? port, HostKind kind)
    {
        Value = value;
        Host = host;
        Port = port;
        HostKind = kind;
    }

    /// <summary>The whole server name as written.</summary>
    public string Value { get; }

    /// <summary>The host, with brackets for an IPv6 literal.</summary>
    public string Host { get; }

    /// <summary>The explicit port, if one was given.</summary>
    public int? Port { get; }

    public HostKind HostKind { get; }

    /// <summary>Parses a server name, returning why it is invalid if it is.</summary>
    public static Result<ServerName> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return ProtocolError.Identifier("server name is empty");

        var host = value;
        int? port = null;
        if (value[0] == '[')
        {
            var close = value.IndexOf(']');
            if (close < 0)
                return ProtocolError.Identifier($"IPv6 literal in '{value}' has no closing bracket");
            host = value[..(close + 1)];
            var rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                    return ProtocolError.Identifier($"unexpected characters after IPv6 literal in '{value}'");
                var parsedPort = ParsePort(rest[1..], value);
                if (!parsedPort.IsOk)
                    return parsedPort.Error;
                port = parsedPort.Value;
            }

            var inner = host[1..^1];
            if (inner.Length is < 2 or > 45 || !inner.All(IsIPv6Char))
                return ProtocolError.Identifier($"'{host}' is not an IPv6 literal");
            if (!IPAddress.TryParse(inner, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                return ProtocolError.Identifier($"'{host}' is not an IPv6 literal");
            return new ServerName(value, host, port, HostKind.IPv6Literal);
        }

        var colon = value.LastIndexOf(':');
        if (colon >= 0)
        {
            host = value[..colon];
            var parsedPort = ParsePort(value[(colon + 1)..], value);
            if (!parsedPort.IsOk)
                return parsedPort.Error;
            port = parsedPort.Value;
        }

        if (host.Length is 0 or > 255)
            return ProtocolError.Identifier($"host of '{value}' must be 1 to 255 characters");
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.'))
                return ProtocolError.Identifier($"'{value}' contains '{c}', which is not allowed in a server name");
        }

        if (LooksLikeIPv4(host))
        {
            foreach (var octet in host.Split('.'))
            {
                if (octet.Length > 3 || int.Parse(octet, System.Globalization.CultureInfo.InvariantCulture) > 255)
                    return ProtocolError.Identifier($"'{host}' is not a valid IPv4 literal");
            }

            return new ServerName(value, host, port, HostKind.IPv4Literal);
        }

        return new ServerName(value, host, port, HostKind.DnsName);
    }

    /// <summary>Parses a server name that is known to be valid, such as configuration checked at start-up.</summary>
    public static ServerName From(string value) =>
        Parse(value) is { IsOk: true } ok ? ok.Value : throw new ArgumentException($"invalid server name '{value}'", nameof(value));

    private static Result<int?> ParsePort(string text, string whole)
    {
        if (text.Length is 0 or > 5 || !text.All(char.IsAsciiDigit))
            return ProtocolError.Identifier($"port of '{whole}' must be 1 to 5 digits");
        var port = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        if (port > 65535)
            return ProtocolError.Identifier($"port of '{whole}' is above 65535");
        return port;
    }

    private static bool IsIPv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private static bool LooksLikeIPv4(string host)
    {
        var parts = 0;
        var digits = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (digits == 0)
                    return false;
                parts++;
                digits = 0;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else
            {
                return false;
            }
        }

        return parts == 3 && digits > 0;
    }

    public bool Equals(ServerName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ServerName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(ServerName? left, ServerName? right) => Equals(left, right);

    public static bool operator !=(ServerName? left, ServerName? right) => !Equals(left, right);

    public override string ToString() => Value;
}
