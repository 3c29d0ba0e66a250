using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

public sealed class PushRuleEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Rules = "_matrix/client/v3/pushrules/global/";

    private static IEnumerable<string> Ids(JsonElement ruleset, string kind) =>
        ruleset.GetProperty(kind).EnumerateArray().Select(r => r.GetProperty("rule_id").GetString()!);

    [Fact]
    public async Task The_whole_ruleset_holds_the_specifications_defaults_for_the_user()
    {
        var user = await fixture.UserAsync();

        var all = await user.GetAsync("_matrix/client/v3/pushrules/");
        var global = await user.GetAsync(Rules);

        Assert.Equal(global.Body.GetRawText(), all.Body.GetProperty("global").GetRawText());
        Assert.Equal(".m.rule.master", Ids(global.Body, "override").First());
        Assert.Contains(".m.rule.is_user_mention", Ids(global.Body, "override"));
        Assert.Equal([".m.rule.call", ".m.rule.encrypted_room_one_to_one", ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted"],
            Ids(global.Body, "underride"));
        Assert.Contains(user.UserId!, global.Body.GetProperty("override")[4].GetRawText());
        Assert.Empty(global.Body.GetProperty("content").EnumerateArray());
    }

    [Fact]
    public async Task One_default_rule_can_be_read()
    {
        var user = await fixture.UserAsync();

        var rule = await user.GetAsync(Rules + "override/.m.rule.master");

        Assert.Equal(HttpStatusCode.OK, rule.Status);
        Assert.Equal((".m.rule.master", true, false), (rule.String("rule_id"), rule.Body.GetProperty("default").GetBoolean(), rule.Body.GetProperty("enabled").GetBoolean()));
        Assert.Empty(rule.Body.GetProperty("actions").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_rule_is_not_found_and_an_unknown_kind_is_an_invalid_parameter()
    {
        var user = await fixture.UserAsync();

        var missing = await user.GetAsync(Rules + "content/nothere");
        var wrongKind = await user.GetAsync(Rules + "overrides/.m.rule.master");
        var wrongKindEnabled = await user.GetAsync(Rules + "overrides/.m.rule.master/enabled");

        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (missing.Status, missing.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (wrongKind.Status, wrongKind.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (wrongKindEnabled.Status, wrongKindEnabled.ErrCode));
    }

    [Fact]
    public async Task A_new_content_rule_is_enabled_and_comes_first()
    {
        var user = await fixture.UserAsync();

        var put = await user.PutAsync(Rules + "content/nocake", new { pattern = "cake*lie", actions = new[] { "notify" } });
        await user.PutAsync(Rules + "content/tea", new { pattern = "tea", actions = Array.Empty<string>() });
        var rule = await user.GetAsync(Rules + "content/nocake");
        var all = await user.GetAsync(Rules);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("{}", put.Body.GetRawText());
        Assert.Equal(("nocake", "cake*lie", true, false), (rule.String("rule_id"), rule.String("pattern"), rule.Body.GetProperty("enabled").GetBoolean(), rule.Body.GetProperty("default").GetBoolean()));
        Assert.Equal(["tea", "nocake"], Ids(all.Body, "content"));
    }

    [Fact]
    public async Task Before_and_after_order_user_rules()
    {
        var user = await fixture.UserAsync();
        await user.PutAsync(Rules + "override/b", new { conditions = Array.Empty<object>(), actions = Array.Empty<string>() });

        await user.PutAsync(Rules + "override/a?before=b", new { actions = Array.Empty<string>() });
        await user.PutAsync(Rules + "override/c?after=b", new { actions = Array.Empty<string>() });
        var all = await user.GetAsync(Rules);

        Assert.Equal([".m.rule.master", "a", "b", "c", ".m.rule.suppress_notices"], Ids(all.Body, "override").Take(5));
    }

    [Fact]
    public async Task Placing_a_rule_next_to_a_missing_rule_is_refused()
    {
        var user = await fixture.UserAsync();

        var response = await user.PutAsync(Rules + "room/x?before=nothere", new { actions = Array.Empty<string>() });
        var relativeToDefault = await user.PutAsync(Rules + "override/x?after=.m.rule.master", new { actions = Array.Empty<string>() });

        Assert.Equal((HttpStatusCode.BadRequest, "M_UNKNOWN"), (response.Status, response.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (relativeToDefault.Status, relativeToDefault.ErrCode));
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync(Rules + "room/x")).Status);
    }

    [Fact]
    public async Task Server_default_rules_cannot_be_replaced_or_deleted()
    {
        var user = await fixture.UserAsync();

        var replace = await user.PutAsync(Rules + "override/.m.rule.master", new { actions = new[] { "notify" } });
        var delete = await user.DeleteAsync(Rules + "underride/.m.rule.message");
        var still = await user.GetAsync(Rules + "underride/.m.rule.message");

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (replace.Status, replace.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (delete.Status, delete.ErrCode));
        Assert.Equal(HttpStatusCode.OK, still.Status);
    }

    [Theory]
    [InlineData("content/x", """{"actions":["notify"]}""", "M_MISSING_PARAM")]
    [InlineData("override/x", """{"conditions":[]}""", "M_MISSING_PARAM")]
    [InlineData("override/x", """{"actions":["explode"]}""", "M_INVALID_PARAM")]
    [InlineData("override/x", """{"actions":"notify"}""", "M_BAD_JSON")]
    [InlineData("override/x", """not json""", "M_NOT_JSON")]
    [InlineData("override/a%2Fb", """{"actions":[]}""", "M_INVALID_PARAM")]
    public async Task Malformed_rules_are_refused(string path, string body, string errcode)
    {
        var user = await fixture.UserAsync();

        var response = await user.SendRawAsync(HttpMethod.Put, Rules + path, body);

        Assert.Equal((HttpStatusCode.BadRequest, errcode), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_user_rule_can_be_deleted_once()
    {
        var user = await fixture.UserAsync();
        var room = Uri.EscapeDataString("!quiet:localhost");
        await user.PutAsync(Rules + "room/" + room, new { actions = Array.Empty<string>() });

        var first = await user.DeleteAsync(Rules + "room/" + room);
        var second = await user.DeleteAsync(Rules + "room/" + room);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (second.Status, second.ErrCode));
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync(Rules + "room/" + room)).Status);
    }

    [Fact]
    public async Task Rules_can_be_enabled_and_disabled()
    {
        var user = await fixture.UserAsync();

        var before = await user.GetAsync(Rules + "override/.m.rule.master/enabled");
        var set = await user.PutAsync(Rules + "override/.m.rule.master/enabled", new { enabled = true });
        var after = await user.GetAsync(Rules + "override/.m.rule.master/enabled");
        var rule = await user.GetAsync(Rules + "override/.m.rule.master");

        Assert.False(before.Body.GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.True(after.Body.GetProperty("enabled").GetBoolean());
        Assert.True(rule.Body.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Enabling_needs_a_boolean_and_an_existing_rule()
    {
        var user = await fixture.UserAsync();

        var missing = await user.PutAsync(Rules + "override/.m.rule.master/enabled", new { });
        var wrongType = await user.PutAsync(Rules + "override/.m.rule.master/enabled", new { enabled = "yes" });
        var unknown = await user.PutAsync(Rules + "sender/nobody/enabled", new { enabled = false });
        var unknownGet = await user.GetAsync(Rules + "sender/nobody/enabled");

        Assert.Equal("M_MISSING_PARAM", missing.ErrCode);
        Assert.Equal("M_BAD_JSON", wrongType.ErrCode);
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknown.Status, unknown.ErrCode));
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknownGet.Status, unknownGet.ErrCode));
    }

    [Fact]
    public async Task The_actions_of_a_default_rule_can_be_changed()
    {
        var user = await fixture.UserAsync();

        var before = await user.GetAsync(Rules + "underride/.m.rule.message/actions");
        var set = await user.PutAsync(Rules + "underride/.m.rule.message/actions",
            new { actions = new object[] { "notify", new { set_tweak = "highlight" } } });
        var after = await user.GetAsync(Rules + "underride/.m.rule.message/actions");

        Assert.Equal("""{"actions":["notify"]}""", before.Body.GetRawText());
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("""{"actions":["notify",{"set_tweak":"highlight"}]}""", after.Body.GetRawText());
        Assert.True((await user.GetAsync(Rules + "underride/.m.rule.message")).Body.GetProperty("default").GetBoolean());
    }

    [Fact]
    public async Task Setting_actions_needs_actions_and_an_existing_rule()
    {
        var user = await fixture.UserAsync();

        var missing = await user.PutAsync(Rules + "underride/.m.rule.message/actions", new { });
        var unknown = await user.PutAsync(Rules + "content/nothere/actions", new { actions = Array.Empty<string>() });
        var unknownGet = await user.GetAsync(Rules + "content/nothere/actions");

        Assert.Equal("M_MISSING_PARAM", missing.ErrCode);
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknown.Status, unknown.ErrCode));
        Assert.Equal("M_NOT_FOUND", unknownGet.ErrCode);
    }

    [Fact]
    public async Task Rules_belong_to_one_user()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();

        await alice.PutAsync(Rules + "content/mine", new { pattern = "x", actions = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(Rules + "content/mine")).Status);
    }

    [Fact]
    public async Task Sync_carries_the_rules_as_account_data_initially_and_after_a_change()
    {
        var user = await fixture.UserAsync();
        var initial = await user.GetAsync("_matrix/client/v3/sync");
        var since = initial.String("next_batch");

        await user.PutAsync(Rules + "content/cake", new { pattern = "cake", actions = new[] { "notify" } });
        var next = await user.GetAsync($"_matrix/client/v3/sync?since={since}&timeout=5000");

        static JsonElement? PushRules(RawResponse sync) => sync.Body.GetProperty("account_data").GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "m.push_rules").Select(e => (JsonElement?)e.GetProperty("content")).FirstOrDefault();
        Assert.Empty(PushRules(initial)!.Value.GetProperty("global").GetProperty("content").EnumerateArray());
        Assert.Equal("cake", PushRules(next)!.Value.GetProperty("global").GetProperty("content")[0].GetProperty("rule_id").GetString());
    }

    [Fact]
    public async Task Changes_survive_a_restart()
    {
        await using var server = await TangleServer.StartAsync();
        var user = await new RawClient(server.CreateHttpClient()).RegisterAsync("keeper");
        await user.PutAsync(Rules + "sender/" + Uri.EscapeDataString("@spambot:localhost"), new { actions = Array.Empty<string>() });
        await user.PutAsync(Rules + "override/.m.rule.master/enabled", new { enabled = true });

        await using var restarted = await server.RestartAsync();
        var again = new RawClient(restarted.CreateHttpClient(), user.AccessToken);
        var rules = await again.GetAsync(Rules);

        Assert.Equal(["@spambot:localhost"], Ids(rules.Body, "sender"));
        Assert.True(rules.Body.GetProperty("override")[0].GetProperty("enabled").GetBoolean());
    }
}
