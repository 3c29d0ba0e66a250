namespace Tangle.Gateway.Http;

/// <summary>Maps Client-Server API endpoints under the versions the specification gives them.</summary>
internal static class ClientRoutes
{
    /// <summary>Most endpoints live under v3; many clients still call them under r0.</summary>
    private static readonly string[] Current = ["v3", "r0"];

    public static void Get(this IEndpointRouteBuilder client, string path, Delegate handler, params object[] metadata) =>
        Map(client, "GET", path, handler, Current, metadata);

    public static void Post(this IEndpointRouteBuilder client, string path, Delegate handler, params object[] metadata) =>
        Map(client, "POST", path, handler, Current, metadata);

    public static void Put(this IEndpointRouteBuilder client, string path, Delegate handler, params object[] metadata) =>
        Map(client, "PUT", path, handler, Current, metadata);

    public static void Delete(this IEndpointRouteBuilder client, string path, Delegate handler, params object[] metadata) =>
        Map(client, "DELETE", path, handler, Current, metadata);

    /// <summary>Endpoints introduced under v1 (relations, threads, timestamp_to_event, authenticated media).</summary>
    public static void MapV1(this IEndpointRouteBuilder client, string method, string path, Delegate handler, params object[] metadata) =>
        Map(client, method, path, handler, ["v1"], metadata);

    private static void Map(IEndpointRouteBuilder client, string method, string path, Delegate handler, string[] versions, object[] metadata)
    {
        foreach (var version in versions)
            client.MapMethods($"/{version}{path}", [method], handler).WithMetadata(metadata);
    }
}
