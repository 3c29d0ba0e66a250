using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>
/// The body of a 401 from an endpoint using user-interactive authentication: which flows the server
/// accepts, which stages are done, and the session to quote when authenticating.
/// </summary>
public sealed record InteractiveAuthFlows
{
    /// <summary>The flows the server accepts, each a list of stages.</summary>
    [JsonPropertyName("flows")]
    public IReadOnlyList<AuthFlow> Flows { get; init; } = [];

    /// <summary>Per-stage parameters, keyed by stage type.</summary>
    [JsonPropertyName("params")]
    public IReadOnlyDictionary<string, JsonElement>? Params { get; init; }

    /// <summary>The session identifier to pass back in <c>auth.session</c>.</summary>
    [JsonPropertyName("session")]
    public string? Session { get; init; }

    /// <summary>The stages completed so far in this session.</summary>
    [JsonPropertyName("completed")]
    public IReadOnlyList<string> Completed { get; init; } = [];

    /// <summary>True when some flow consists of exactly the given stage types, in order.</summary>
    public bool OffersFlow(params string[] stages) =>
        Flows.Any(flow => flow.Stages.SequenceEqual(stages, StringComparer.Ordinal));

    /// <summary>
    /// The next stage to complete: the first stage not yet completed in the first flow whose completed
    /// prefix matches, preferring flows made only of <paramref name="supported"/> stages.
    /// </summary>
    public string? NextStage(IReadOnlyCollection<string> supported)
    {
        foreach (var flow in Flows.OrderByDescending(f => f.Stages.All(supported.Contains)))
        {
            if (flow.Stages.Count <= Completed.Count || !flow.Stages.Take(Completed.Count).SequenceEqual(Completed))
                continue;
            return flow.Stages[Completed.Count];
        }

        return null;
    }
}

/// <summary>One way to authenticate: the stages to complete, in order.</summary>
public sealed record AuthFlow
{
    /// <summary>The stage types, e.g. <c>["m.login.dummy"]</c>.</summary>
    [JsonPropertyName("stages")]
    public IReadOnlyList<string> Stages { get; init; } = [];
}
