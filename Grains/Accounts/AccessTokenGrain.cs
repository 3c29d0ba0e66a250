namespace Tangle.Grains.Accounts;

[GenerateSerializer]
public sealed class AccessTokenState
{
    [Id(0)] public AccessTokenInfo? Info { get; set; }
}

/// <summary>One access token, keyed by its hash.</summary>
public sealed class AccessTokenGrain([PersistentState("token")] IPersistentState<AccessTokenState> state) : Grain, IAccessTokenGrain
{
    public Task<AccessTokenInfo?> ResolveAsync() => Task.FromResult(state.State.Info);

    public async Task IssueAsync(AccessTokenInfo info)
    {
        state.State.Info = info;
        await state.WriteStateAsync();
    }

    public async Task RevokeAsync()
    {
        if (state.State.Info is null)
            return;
        state.State.Info = null;
        await state.ClearStateAsync();
    }
}
