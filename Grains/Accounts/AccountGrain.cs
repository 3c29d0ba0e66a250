using System.Globalization;
using System.Text.Json;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Keys;
using Tangle.Grains.Matrix;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Grains.UserDirectory;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Accounts;

/// <summary>A local user's account: credentials, devices, profile, account data, filters and push rules.</summary>
public sealed partial class AccountGrain(
    [PersistentState("account")] IPersistentState<AccountState> state,
    PasswordHasher hasher,
    TimeProvider time) : Grain, IAccountGrain
{
    private UserId User => UserId.From(this.GetPrimaryKeyString());

    private AccountState Account => state.State;

    public Task<AccountInfo> GetInfoAsync() =>
        Task.FromResult(new AccountInfo(Account.Exists, Account.Deactivated, Account.Admin, Account.Guest, Account.CreatedTs));

    public async Task<Session> RegisterAsync(RegisterCommand command)
    {
        if (Account.Exists)
            throw new MatrixException(ErrCode.UserInUse, "the user id is already taken");
        Account.PasswordHash = command.Guest ? null : hasher.Hash(command.Password);
        Account.Guest = command.Guest;
        Account.Admin = command.Admin;
        Account.CreatedTs = Now;
        Account.DisplayName = command.DisplayName ?? User.Localpart;
        Session session;
        if (command.InhibitLogin)
        {
            await state.WriteStateAsync();
            session = new Session(User, string.Empty, null);
        }
        else
        {
            session = await StartSessionAsync(command.DeviceId, command.InitialDeviceDisplayName, null);
        }

        await ListProfileAsync();
        return session;
    }

    public async Task<Session> LoginAsync(LoginCommand command)
    {
        if (!Account.Exists || Account.PasswordHash is null || !PasswordHasher.Verify(command.Password, Account.PasswordHash))
            throw new MatrixException(ErrCode.Forbidden, "invalid username or password", 403);
        if (Account.Deactivated)
            throw new MatrixException(ErrCode.UserDeactivated, "this account has been deactivated", 403);
        return await StartSessionAsync(command.DeviceId, command.InitialDeviceDisplayName, command.ClientIp);
    }

    public Task<bool> CheckPasswordAsync(string password) =>
        Task.FromResult(Account.PasswordHash is { } hash && !Account.Deactivated && PasswordHasher.Verify(password, hash));

    private async Task<Session> StartSessionAsync(string? deviceId, string? displayName, string? ip)
    {
        deviceId ??= AccessTokens.NewDeviceId();
        var token = AccessTokens.New();
        var hash = AccessTokens.Hash(token);
        if (Account.Devices.TryGetValue(deviceId, out var previous))
            await GrainFactory.GetGrain<IAccessTokenGrain>(previous.TokenHash).RevokeAsync();
        await GrainFactory.GetGrain<IAccessTokenGrain>(hash).IssueAsync(new AccessTokenInfo(User, deviceId, Account.Guest));
        Account.Devices[deviceId] = new DeviceRecord(deviceId, displayName ?? previous?.DisplayName, hash, previous?.CreatedTs ?? Now, ip, Now);
        await state.WriteStateAsync();
        return new Session(User, deviceId, token);
    }

    public async Task LogoutAsync(string deviceId) => await DeleteDevicesAsync([deviceId]);

    public async Task LogoutAllAsync() => await DeleteDevicesAsync(Account.Devices.Keys.ToList());

    public Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync() => Task.FromResult<IReadOnlyList<DeviceInfo>>(
        Account.Devices.Values.OrderBy(d => d.CreatedTs).Select(d => new DeviceInfo(d.DeviceId, d.DisplayName, d.LastSeenIp, d.LastSeenTs)).ToList());

    public async Task UpdateDeviceAsync(string deviceId, string? displayName)
    {
        if (!Account.Devices.TryGetValue(deviceId, out var device))
            throw MatrixException.NotFound("unknown device");
        Account.Devices[deviceId] = device with { DisplayName = displayName };
        await state.WriteStateAsync();
        if (device.DisplayName != displayName)
            await GrainFactory.GetGrain<IDeviceKeysGrain>(User.Value).DeviceRenamedAsync(deviceId);
    }

    public async Task DeleteDevicesAsync(IReadOnlyList<string> deviceIds)
    {
        var inbox = GrainFactory.GetGrain<IInboxGrain>(User.Value);
        foreach (var deviceId in deviceIds)
        {
            if (!Account.Devices.Remove(deviceId, out var device))
                continue;
            await GrainFactory.GetGrain<IAccessTokenGrain>(device.TokenHash).RevokeAsync();
            await inbox.RemoveDeviceAsync(deviceId);
            await GrainFactory.GetGrain<IDeviceKeysGrain>(User.Value).DeleteDeviceAsync(deviceId);
        }

        await state.WriteStateAsync();
    }

    public async Task ChangePasswordAsync(string newPassword, bool logoutDevices, string? keepDeviceId)
    {
        Account.PasswordHash = hasher.Hash(newPassword);
        await state.WriteStateAsync();
        if (logoutDevices)
            await DeleteDevicesAsync(Account.Devices.Keys.Where(d => d != keepDeviceId).ToList());
    }

    public async Task DeactivateAsync()
    {
        await LogoutAllAsync();
        Account.Deactivated = true;
        Account.PasswordHash ??= "!";
        Account.DisplayName = null;
        Account.AvatarUrl = null;
        await state.WriteStateAsync();
        await UserDirectory.RemoveUserAsync(User);
        foreach (var room in await GrainFactory.GetGrain<IInboxGrain>(User.Value).GetRoomsAsync())
        {
            if (room.Membership is Membership.Join or Membership.Invite or Membership.Knock)
            {
                var grain = GrainFactory.Room(User.Server, room.Room);
                await grain.SetMembershipAsync(new MembershipCommand
                {
                    Sender = new Requester(User), Target = User, Membership = Membership.Leave, Reason = "account deactivated",
                });
            }
        }
    }

    public Task<Profile> GetProfileAsync() => Task.FromResult(new Profile(Account.DisplayName, Account.AvatarUrl));

    public async Task SetDisplayNameAsync(string? displayName)
    {
        Account.DisplayName = displayName;
        await state.WriteStateAsync();
        await ListProfileAsync();
        await RefreshMembershipsAsync();
    }

    public async Task SetAvatarUrlAsync(string? avatarUrl)
    {
        Account.AvatarUrl = avatarUrl;
        await state.WriteStateAsync();
        await ListProfileAsync();
        await RefreshMembershipsAsync();
    }

    private IUserDirectoryGrain UserDirectory => GrainFactory.GetGrain<IUserDirectoryGrain>(User.Server.Value);

    /// <summary>Gives the user directory the account's current profile.</summary>
    private Task ListProfileAsync() => UserDirectory.SetProfileAsync(User, Account.DisplayName, Account.AvatarUrl);

    /// <summary>Re-sends the user's join in every joined room so members see the new profile.</summary>
    private async Task RefreshMembershipsAsync()
    {
        foreach (var room in await GrainFactory.GetGrain<IInboxGrain>(User.Value).GetRoomsAsync())
        {
            if (room.Membership != Membership.Join)
                continue;
            try
            {
                await GrainFactory.Room(User.Server, room.Room).SetMembershipAsync(new MembershipCommand
                {
                    Sender = new Requester(User), Target = User, Membership = Membership.Join,
                    DisplayName = Account.DisplayName, AvatarUrl = Account.AvatarUrl,
                });
            }
            catch (MatrixException)
            {
                // A room that no longer lets the user re-join (for example one they were banned from meanwhile) keeps the old profile.
            }
        }
    }

    public Task<JsonElement?> GetAccountDataAsync(RoomId? room, string type) => Task.FromResult(
        room is null && type == PushRulesType ? PushRulesAccountData()
        : Account.AccountData.TryGetValue(Key(room, type), out var record) ? (JsonElement?)record.Content : null);

    public async Task SetAccountDataAsync(RoomId? room, string type, JsonElement content)
    {
        var serial = ++Account.AccountDataSerial;
        Account.AccountData[Key(room, type)] = new AccountDataRecord(room?.Value, type, content.GetRawText(), serial);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IInboxGrain>(User.Value).NotifyAccountDataAsync(room, type);
    }

    public Task<IReadOnlyList<AccountDataEntry>> GetAccountDataSinceAsync(long serial)
    {
        var entries = Account.AccountData.Values.Where(r => r.Serial > serial)
            .Select(r => new AccountDataEntry(r.RoomId is null ? null : RoomId.From(r.RoomId), r.Type, r.Content, r.Serial)).ToList();
        // Push rules are account data to clients (m.push_rules) but live apart; an initial sync always carries them.
        if (serial == 0 || Account.PushRulesSerial > serial)
            entries.Add(new AccountDataEntry(null, PushRulesType, PushRulesAccountData(), Account.PushRulesSerial));
        return Task.FromResult<IReadOnlyList<AccountDataEntry>>(entries.OrderBy(e => e.Serial).ToList());
    }

    public async Task<string> CreateFilterAsync(JsonElement filter)
    {
        var id = (Account.NextFilterId++).ToString(CultureInfo.InvariantCulture);
        Account.Filters[id] = filter.GetRawText();
        await state.WriteStateAsync();
        return id;
    }

    public Task<JsonElement?> GetFilterAsync(string filterId) => Task.FromResult(
        Account.Filters.TryGetValue(filterId, out var json) ? (JsonElement?)JsonDocument.Parse(json).RootElement.Clone() : null);

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Key(RoomId? room, string type) => room is null ? type : $"{room.Value}\n{type}";
}
