using Tangle.Grains;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Http;

/// <summary>
/// Identifiers taken from the URL. ASP.NET Core leaves an encoded '/' (%2F) in route values, and
/// version 3 event ids contain slashes, so values are unescaped once more here.
/// </summary>
internal static class RouteValues
{
    public static string Unescape(string value) => Uri.UnescapeDataString(value);

    public static RoomId Room(string value) =>
        RoomId.Parse(Unescape(value)) is { IsOk: true } parsed ? parsed.Value : throw MatrixException.InvalidParam($"'{value}' is not a room id");

    public static EventId Event(string value) =>
        EventId.Parse(Unescape(value)) is { IsOk: true } parsed ? parsed.Value : throw MatrixException.InvalidParam($"'{value}' is not an event id");

    public static UserId User(string value) =>
        UserId.Parse(Unescape(value)) is { IsOk: true } parsed ? parsed.Value : throw MatrixException.InvalidParam($"'{value}' is not a user id");

    public static RoomAlias Alias(string value) =>
        RoomAlias.Parse(Unescape(value)) is { IsOk: true } parsed ? parsed.Value : throw MatrixException.InvalidParam($"'{value}' is not a room alias");

    public static UserId UserParameter(string? value, string name) =>
        value is null ? throw MatrixResults.MissingParam(name)
        : UserId.Parse(value) is { IsOk: true } parsed ? parsed.Value
        : throw MatrixException.InvalidParam($"{name} '{value}' is not a user id");

    /// <summary>The requester may only act on their own user id here.</summary>
    public static void RequireSelf(UserId requester, UserId target)
    {
        if (requester != target)
            throw new MatrixException(ErrCode.Forbidden, "you can only do this for your own user", 403);
    }
}
