using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Protocol.Push;

namespace Tangle.Gateway.Endpoints;

/// <summary>The push rules API: the whole ruleset, and reading, adding, ordering, enabling and deleting one rule.</summary>
internal static class PushRuleEndpoints
{
    private const string Rule = "/pushrules/global/{kind}/{ruleId}";

    public static void MapPushRuleEndpoints(this IEndpointRouteBuilder client)
    {
        client.Get("/pushrules/", PushRulesAsync, new AllowGuestsAttribute());
        client.Get("/pushrules/global/", GlobalPushRulesAsync, new AllowGuestsAttribute());
        client.Get(Rule, GetRuleAsync, new AllowGuestsAttribute());
        client.Put(Rule, SetRuleAsync);
        client.Delete(Rule, DeleteRuleAsync);
        client.Get(Rule + "/enabled", GetEnabledAsync, new AllowGuestsAttribute());
        client.Put(Rule + "/enabled", SetEnabledAsync);
        client.Get(Rule + "/actions", GetActionsAsync, new AllowGuestsAttribute());
        client.Put(Rule + "/actions", SetActionsAsync);
    }

    private static IAccountGrain Account(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<IAccountGrain>(MatrixAuthentication.RequesterOf(http).User.Value);

    private static async Task<IResult> PushRulesAsync(HttpContext http, IGrainFactory grains)
    {
        var rules = await Account(http, grains).GetPushRulesAsync();
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("global");
            rules.WriteTo(w);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> GlobalPushRulesAsync(HttpContext http, IGrainFactory grains)
    {
        var rules = await Account(http, grains).GetPushRulesAsync();
        return MatrixResults.Write(w => rules.WriteTo(w));
    }

    /// <summary>The rule a URL names in the user's current rules; M_NOT_FOUND if there is none.</summary>
    private static async Task<PushRule> FindAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        var parsedKind = KindOf(kind);
        var rules = PushRuleset.Parse(await Account(http, grains).GetPushRulesAsync());
        return rules.Find(parsedKind, RouteValues.Unescape(ruleId)) ?? throw MatrixException.NotFound("the push rule was not found");
    }

    private static async Task<IResult> GetRuleAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        var rule = await FindAsync(kind, ruleId, http, grains);
        return MatrixResults.Write(rule.WriteTo);
    }

    private static async Task<IResult> SetRuleAsync(string kind, string ruleId, string? before, string? after, HttpContext http, IGrainFactory grains)
    {
        KindOf(kind);
        var body = await http.Request.ReadObjectAsync();
        await Account(http, grains).SetPushRuleAsync(kind, RouteValues.Unescape(ruleId), body, before, after);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteRuleAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        KindOf(kind);
        await Account(http, grains).DeletePushRuleAsync(kind, RouteValues.Unescape(ruleId));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> GetEnabledAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        var rule = await FindAsync(kind, ruleId, http, grains);
        return MatrixResults.Json(new { enabled = rule.Enabled });
    }

    private static async Task<IResult> SetEnabledAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        KindOf(kind);
        var body = await http.Request.ReadObjectAsync();
        var enabled = body.Bool("enabled") ?? throw MatrixResults.MissingParam("enabled");
        await Account(http, grains).SetPushRuleEnabledAsync(kind, RouteValues.Unescape(ruleId), enabled);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> GetActionsAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        var rule = await FindAsync(kind, ruleId, http, grains);
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            PushRule.WriteActions(w, rule.Actions);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> SetActionsAsync(string kind, string ruleId, HttpContext http, IGrainFactory grains)
    {
        KindOf(kind);
        var body = await http.Request.ReadObjectAsync();
        if (!body.TryGetProperty("actions", out var actions) || actions.ValueKind == JsonValueKind.Null)
            throw MatrixResults.MissingParam("actions");
        await Account(http, grains).SetPushRuleActionsAsync(kind, RouteValues.Unescape(ruleId), actions);
        return MatrixResults.Empty();
    }

    private static PushRuleKind KindOf(string kind) =>
        PushRuleKinds.TryParse(kind, out var parsed) ? parsed : throw MatrixException.InvalidParam($"unknown push rule kind '{kind}'");
}
