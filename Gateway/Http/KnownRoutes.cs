using Microsoft.AspNetCore.Routing.Template;

namespace Tangle.Gateway.Http;

/// <summary>
/// The route templates of every endpoint, so a request that reached the fallback can be told apart:
/// a path no endpoint has (404) from a path that exists under another method (405).
/// </summary>
internal sealed class KnownRoutes(EndpointDataSource endpoints)
{
    private readonly Lazy<List<TemplateMatcher>> _matchers = new(() => endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("{*path", StringComparison.Ordinal))
        .Select(e => new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!), new RouteValueDictionary()))
        .ToList());

    public bool Matches(PathString path) => _matchers.Value.Any(m => m.TryMatch(path, new RouteValueDictionary()));
}
